import Foundation

/// Reads small CSV files whole: reference tables and overrides.
public enum CSVFile {
    /// Reads a whole (small) CSV file: reference tables, overrides.
    /// Throws `CSVFileError` when the file cannot be opened or read.
    public static func read(contentsOf url: URL) throws -> CSVTable {
        fatalError("CSVFile.read is not implemented yet")
    }
}
