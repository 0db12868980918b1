import BenchmarkSupport
import Foundation

/// A network as the bench exports it for the solvers it times (allot's
/// NetworkSimplex and OR-Tools' SimpleMinCostFlow read the same bytes).
///
/// Little-endian: the 8 bytes `ALLOTNET`, then Int64 version (1), node count,
/// arc count, source, sink; then the arcs as four arrays: tail and head
/// (Int32 each), capacity and cost (Int64 each). The task is a maximum flow
/// from source to sink of least cost.
struct NetworkFile {
    var nodeCount: Int
    var source: Int32
    var sink: Int32
    var tail: [Int32]
    var head: [Int32]
    var capacity: [Int64]
    var cost: [Int64]

    static let magic = Array("ALLOTNET".utf8)
    static let version: Int64 = 1
    static let headerBytes = 48

    var arcCount: Int { tail.count }

    func write(to url: URL) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw BenchmarkError("cannot create \(url.path)")
        }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var header = Data(Self.magic)
        for v in [Self.version, Int64(nodeCount), Int64(arcCount), Int64(source), Int64(sink)] {
            withUnsafeBytes(of: v.littleEndian) { header.append(contentsOf: $0) }
        }
        try handle.write(contentsOf: header)
        try tail.withUnsafeBytes { try handle.write(contentsOf: Data($0)) }
        try head.withUnsafeBytes { try handle.write(contentsOf: Data($0)) }
        try capacity.withUnsafeBytes { try handle.write(contentsOf: Data($0)) }
        try cost.withUnsafeBytes { try handle.write(contentsOf: Data($0)) }
    }

    static func read(from url: URL) throws -> NetworkFile {
        let data = try Data(contentsOf: url, options: .alwaysMapped)
        guard data.count >= headerBytes, Array(data.prefix(8)) == magic else {
            throw BenchmarkError("\(url.path) is not a network file")
        }
        return try data.withUnsafeBytes { raw -> NetworkFile in
            func int64(_ offset: Int) -> Int64 { Int64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: Int64.self)) }
            guard int64(8) == version else { throw BenchmarkError("\(url.path): version \(int64(8)), expected \(version)") }
            let n = Int(int64(16)), m = Int(int64(24))
            guard data.count == headerBytes + 24 * m else { throw BenchmarkError("\(url.path) is truncated") }
            func array<T>(_ offset: Int, _ type: T.Type) -> [T] {
                [T](unsafeUninitializedCapacity: m) { buffer, count in
                    UnsafeMutableRawBufferPointer(buffer).copyMemory(
                        from: UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + m * MemoryLayout<T>.stride)]))
                    count = m
                }
            }
            return NetworkFile(nodeCount: n, source: Int32(int64(32)), sink: Int32(int64(40)),
                               tail: array(headerBytes, Int32.self), head: array(headerBytes + 4 * m, Int32.self),
                               capacity: array(headerBytes + 8 * m, Int64.self), cost: array(headerBytes + 16 * m, Int64.self))
        }
    }
}
