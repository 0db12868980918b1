import AllotCore
import AllotIngest
import Foundation

/// A scratch inputs folder for the whole process: each entry writes the
/// bytes under test to the file allot would read, then opens it through
/// `InputFolder`, so the readers take it as they take tonight's inputs.
/// Removed when the process exits.
enum FuzzScratch {
    /// The folder, made once (`mkdtemp`) with `feeds/` and `reference/` in it.
    static let root: URL = {
        var template = Array((NSTemporaryDirectory() + "/allot-fuzz-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { fatalError("cannot make a scratch folder: \(String(cString: strerror(errno)))") }
        let url = URL(fileURLWithPath: String(cString: made), isDirectory: true)
        for sub in ["feeds", "reference", "night/feeds", "night/reference"] {
            try? FileManager.default.createDirectory(at: url.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        scratchPath = url.path
        atexit { if let path = scratchPath { try? FileManager.default.removeItem(atPath: path) } }
        return url
    }()

    /// The folder's path, for the exit handler (which cannot capture).
    nonisolated(unsafe) private static var scratchPath: String?

    /// Writes `bytes` to `path` (relative to the scratch folder, or to `folder`
    /// under it) and opens it as allot opens an input.
    static func open(_ bytes: [UInt8], as path: String, in folder: String = "") -> InputFile {
        let base = folder.isEmpty ? root : root.appendingPathComponent(folder)
        let url = base.appendingPathComponent(path)
        do {
            try Data(bytes).write(to: url)
            return try InputFolder(base).open(path)
        } catch {
            fatalError("cannot write or open the scratch file \(path): \(error)")
        }
    }
}
