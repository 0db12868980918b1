import AllotCore
import Crypto
import Foundation

/// `hash-bench [--megabytes N] [--runs N]`: SHA-256 of N MB (default 436, the national `dispatch.xml`) in
/// 1 MiB updates, by allot's `SHA256` (OpenSSL's libcrypto) and by swift-crypto's, alternately; prints each
/// median and the ratio, and fails when the two digests differ (Decision 0020).
@main
enum HashBenchmark {
    static func main() {
        var megabytes = 436, runs = 5
        var arguments = CommandLine.arguments.dropFirst()
        while let flag = arguments.popFirst() {
            guard let value = arguments.popFirst().flatMap(Int.init), value > 0 else {
                FileHandle.standardError.write(Data("usage: hash-bench [--megabytes N] [--runs N]\n".utf8))
                exit(2)
            }
            switch flag {
            case "--megabytes": megabytes = value
            case "--runs": runs = value
            default:
                FileHandle.standardError.write(Data("hash-bench: unknown option \(flag)\n".utf8))
                exit(2)
            }
        }
        let size = megabytes * 1_000_000
        var bytes = [UInt8](repeating: 0, count: size)
        var x: UInt64 = 0x9E37_79B9_7F4A_7C15
        for i in 0..<size {
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            bytes[i] = UInt8(truncatingIfNeeded: x >> 56)
        }
        let chunk = 1 << 20
        let allot = {
            var h = AllotCore.SHA256()
            var i = 0
            while i < size { h.update(bytes[i..<min(i + chunk, size)]); i += chunk }
            return h.finalizeHex()
        }
        let swiftCrypto = {
            var h = Crypto.SHA256()
            bytes.withUnsafeBytes { all in
                var i = 0
                while i < size {
                    h.update(bufferPointer: UnsafeRawBufferPointer(rebasing: all[i..<min(i + chunk, size)]))
                    i += chunk
                }
            }
            return h.finalize().map { String(format: "%02x", $0) }.joined()
        }
        var times: [[Double]] = [[], []]
        var digests = Set<String>()
        for _ in 0..<runs {
            for (k, hash) in [allot, swiftCrypto].enumerated() {
                let start = ContinuousClock.now
                digests.insert(hash())
                let elapsed = ContinuousClock.now - start
                times[k].append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            }
        }
        let medians = times.map { $0.sorted()[$0.count / 2] }
        print("SHA-256 of \(megabytes) MB in 1 MiB updates, \(runs) runs each, alternately")
        for (name, median) in zip(["allot (libcrypto)", "swift-crypto"], medians) {
            print(name.padding(toLength: 20, withPad: " ", startingAt: 0)
                  + String(format: "median %.3f s  %6.0f MB/s", median, Double(size) / median / 1e6))
        }
        print(String(format: "ratio allot / swift-crypto: %.2f", medians[0] / medians[1]))
        guard digests.count == 1 else {
            print("CHECK FAILED: the digests differ: \(digests.sorted())")
            exit(1)
        }
    }
}
