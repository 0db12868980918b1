import BenchmarkSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A file written through a 1 MB buffer, counting bytes and lines.
final class OutputFile {
    private let file: UnsafeMutablePointer<FILE>
    private var buffer: [UInt8] = []
    private(set) var bytesWritten = 0
    /// The 1-based line the next byte goes on.
    private(set) var line = 1
    let url: URL

    init(url: URL) throws {
        guard let f = fopen(url.path, "wb") else {
            throw BenchmarkError("cannot create \(url.path): \(String(cString: strerror(errno)))")
        }
        self.file = f
        self.url = url
        buffer.reserveCapacity(1 << 20)
    }

    func write(_ text: String) {
        for b in text.utf8 {
            buffer.append(b)
            if b == 0x0A { line += 1 }
        }
        bytesWritten += text.utf8.count
        if buffer.count >= 1 << 20 { flush() }
    }

    private func flush() {
        let written = buffer.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, file) }
        precondition(written == buffer.count, "short write to \(url.path)")
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        flush()
        guard fclose(file) == 0 else { throw BenchmarkError("cannot write \(url.path): \(String(cString: strerror(errno)))") }
    }
}
