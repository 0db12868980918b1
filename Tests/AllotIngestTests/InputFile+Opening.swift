import Foundation
@testable import AllotIngest

extension InputFile {
    /// Opens the file at `url` as the nightly run does, through the inputs
    /// folder it lies in: `relativePath` (`feeds/x.csv`, by default the file's
    /// name) is how rejects name it.
    static func opening(_ url: URL, as relativePath: String? = nil) throws -> InputFile {
        let path = relativePath ?? url.lastPathComponent
        precondition(url.path.hasSuffix("/" + path), "\(url.path) does not end in \(path)")
        return try InputFolder(URL(fileURLWithPath: String(url.path.dropLast(path.count + 1)))).open(path)
    }
}
