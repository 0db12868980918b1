#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's processor time and peak resident set so far (`getrusage`), for each stage's figures.
struct ProcessUsage {
    /// User and system seconds of every thread.
    var cpuSeconds: Double
    /// The high-water mark of the resident set, in bytes.
    var peakResidentBytes: Int

    static func current() -> ProcessUsage {
        var usage = rusage()
        #if canImport(Glibc)
        let who = __rusage_who_t(RUSAGE_SELF.rawValue)
        #else
        let who = RUSAGE_SELF
        #endif
        guard getrusage(who, &usage) == 0 else { return ProcessUsage(cpuSeconds: 0, peakResidentBytes: 0) }
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1_000_000 }
        #if canImport(Darwin)
        let peak = Int(usage.ru_maxrss)          // bytes on Darwin
        #else
        let peak = Int(usage.ru_maxrss) * 1_024  // kilobytes on Linux
        #endif
        return ProcessUsage(cpuSeconds: seconds(usage.ru_utime) + seconds(usage.ru_stime), peakResidentBytes: peak)
    }
}
