import Foundation

/// A test's scratch folder holding an inputs folder and things outside it,
/// with what the input-file tests build in it: files, folders and links.
protocol ScratchInputs {
    /// The scratch folder; files outside the inputs folder go here.
    var scratch: URL! { get }
    /// The inputs folder inside `scratch`.
    var inputs: URL { get }
}

extension ScratchInputs {
    /// Writes `text` at `path` under the scratch folder, making its folders.
    @discardableResult
    func write(_ path: String, _ text: String) throws -> URL {
        let url = scratch.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return url
    }

    /// Makes the folder `path` inside the inputs folder.
    func makeFolder(_ path: String) throws {
        try FileManager.default.createDirectory(at: inputs.appendingPathComponent(path), withIntermediateDirectories: true)
    }

    /// A symbolic link at `path` inside the inputs folder, to `target`.
    func link(_ path: String, to target: String) throws {
        try FileManager.default.createSymbolicLink(atPath: inputs.appendingPathComponent(path).path,
                                                   withDestinationPath: target)
    }
}
