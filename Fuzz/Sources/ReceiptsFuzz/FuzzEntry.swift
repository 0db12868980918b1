import AllotFuzzing
import FuzzMain

/// libFuzzer's entry point (the file is not `main.swift`: libFuzzer supplies `main`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    fuzzOneInput(.receipts, data, size)
}
