import AllotFuzzing

/// Runs one libFuzzer input through `target`: a property that does not hold
/// stops the process (libFuzzer keeps the input as `crash-…`).
public func fuzzOneInput(_ target: FuzzTarget, _ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    do {
        try target.run(bytes)
    } catch {
        fatalError("property broken: \(error)")
    }
    return 0
}
