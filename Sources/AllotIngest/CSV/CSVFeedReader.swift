import AllotCore
import Foundation

/// Reads one CSV feed file of offers or requests (SPEC 4).
public enum CSVFeedReader {
    /// Reads one feed file (SPEC 4): source = file name without extension.
    public static func read(fileAt url: URL, relativePath: String, reference: ReferenceData) -> FeedFileResult {
        fatalError("CSVFeedReader.read is not implemented yet")
    }
}
