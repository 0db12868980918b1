import AllotCore
import Foundation
import XCTest
@testable import AllotIngest
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which files `InputFolder` opens: regular files inside the inputs folder,
/// and nothing else, whatever the path looks like.
final class InputFolderTests: XCTestCase, ScratchInputs {
    /// A scratch folder holding an inputs folder (`inputs/`) and things outside it.
    var scratch: URL!
    var inputs: URL { scratch.appendingPathComponent("inputs") }

    override func setUpWithError() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("allot-input-\(UUID().uuidString)")
        try makeFolder("feeds")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: scratch)
    }

    /// What opening `path` threw, or a failure when it opened.
    private func refusal(_ path: String, file: StaticString = #filePath, line: UInt = #line) -> InputFileError? {
        do throws(InputFileError) {
            _ = try InputFolder(inputs).open(path)
            XCTFail("\(path) was opened", file: file, line: line)
            return nil
        } catch {
            return error
        }
    }

    // MARK: - Regular files

    func test_remove_fileWithTheDigestItWasReadWith_isRemoved() throws {
        try write("inputs/feeds/a.csv", "id\n1\n")
        let removal = InputFolder(inputs).remove("feeds/a.csv", ifSHA256: SHA256.hex(of: Array("id\n1\n".utf8)))
        XCTAssertEqual(removal, .removed)
        XCTAssertFalse(FileManager.default.fileExists(atPath: inputs.appendingPathComponent("feeds/a.csv").path))
    }

    func test_remove_fileChangedSinceItWasRead_isKept() throws {
        try write("inputs/feeds/a.csv", "id\n2\n")
        let read = SHA256.hex(of: Array("id\n1\n".utf8))
        let removal = InputFolder(inputs).remove("feeds/a.csv", ifSHA256: read)
        let now = SHA256.hex(of: Array("id\n2\n".utf8))
        XCTAssertEqual(removal, .kept("feeds/a.csv has changed since this run read it (SHA-256 \(now.prefix(12))…, "
            + "read as \(read.prefix(12))…): it is left for the next night"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: inputs.appendingPathComponent("feeds/a.csv").path))
    }

    func test_remove_linkInsideTheFolder_removesTheLinkNotItsTarget() throws {
        try write("inputs/archive/0211.csv", "id\n1\n")
        try makeFolder("feeds")
        try link("feeds/today.csv", to: "../archive/0211.csv")
        XCTAssertEqual(InputFolder(inputs).remove("feeds/today.csv", ifSHA256: SHA256.hex(of: Array("id\n1\n".utf8))),
                       .removed)
        XCTAssertFalse(FileManager.default.fileExists(atPath: inputs.appendingPathComponent("feeds/today.csv").path))
        XCTAssertTrue(FileManager.default.fileExists(atPath: inputs.appendingPathComponent("archive/0211.csv").path))
    }

    func test_open_regularFile_givesItsBytesSizeAndDigest() throws {
        try write("inputs/feeds/a.csv", "id,name\n1,x\n")
        let file = try InputFolder(inputs).open("feeds/a.csv")
        XCTAssertEqual(file.path, "feeds/a.csv")
        XCTAssertEqual(file.baseName, "a")
        XCTAssertEqual(file.pathExtension, "csv")
        XCTAssertEqual(file.size, 12)
        XCTAssertEqual(try file.bytes(), Array("id,name\n1,x\n".utf8))
        XCTAssertEqual(file.sha256(), SHA256.hex(of: Array("id,name\n1,x\n".utf8)))
    }

    /// The digest reads with `pread`: a reader that has read half the file goes on where it was.
    func test_sha256_leavesTheReadersPositionAlone() throws {
        try write("inputs/feeds/a.csv", "id,name\n1,x\n")
        let file = try InputFolder(inputs).open("feeds/a.csv")
        var head = [UInt8](repeating: 0, count: 3)
        XCTAssertEqual(head.withUnsafeMutableBytes { read(file.descriptor, $0.baseAddress, 3) }, 3)
        _ = file.sha256()
        var rest = [UInt8](repeating: 0, count: 64)
        let n = rest.withUnsafeMutableBytes { read(file.descriptor, $0.baseAddress, 64) }
        XCTAssertEqual(String(decoding: head + rest[..<n], as: UTF8.self), "id,name\n1,x\n")
    }

    func test_openIfPresent_nothingThere_isNil() throws {
        XCTAssertNil(try InputFolder(inputs).openIfPresent("allot.toml"))
        XCTAssertNil(try InputFolder(inputs).openIfPresent("reference/regions.csv"))
        XCTAssertEqual(refusal("feeds/gone.csv"), InputFileError(path: "feeds/gone.csv", reason: .unreadable,
                                                                 problem: "cannot be opened: it is not there"))
    }

    // MARK: - Not regular files

    func test_open_namedPipe_isRefusedWithoutWaiting() throws {
        XCTAssertEqual(mkfifo(inputs.appendingPathComponent("feeds/pipe.csv").path, 0o644), 0)
        let started = Date()
        let error = refusal("feeds/pipe.csv")
        XCTAssertLessThan(Date().timeIntervalSince(started), 5)
        XCTAssertEqual(error, InputFileError(path: "feeds/pipe.csv", reason: .notARegularFile,
                                             problem: "is a named pipe, not a regular file"))
        XCTAssertEqual(error?.reject(source: "pipe", rule: "feeds must be files"),
                       Reject(file: "feeds/pipe.csv", line: 0, source: "pipe", code: .notARegularFile,
                              message: "feeds/pipe.csv is a named pipe, not a regular file: feeds must be files"))
    }

    func test_open_socket_isRefused() throws {
        let path = inputs.appendingPathComponent("feeds/socket.xml").path
        let listener = try XCTUnwrap(UnixSocket(boundTo: path), "cannot bind a socket at \(path)")
        defer { listener.stop() }
        XCTAssertEqual(refusal("feeds/socket.xml")?.problem, "is a socket, not a regular file")
        XCTAssertEqual(refusal("feeds/socket.xml")?.rejectCode, .notARegularFile)
    }

    func test_open_folderNamedLikeAFeed_isRefused() throws {
        try makeFolder("feeds/x.csv")
        XCTAssertEqual(refusal("feeds/x.csv"), InputFileError(path: "feeds/x.csv", reason: .notARegularFile,
                                                              problem: "is a folder, not a regular file"))
    }

    // MARK: - Symbolic links

    func test_open_linkToAFileOutside_isRefused() throws {
        let secret = try write("secret.csv", "root:x:0:0:root:/root:/bin/bash\n")
        try link("feeds/passwd.csv", to: secret.path)
        try link("feeds/UPPER.CSV", to: "../../secret.csv")
        for path in ["feeds/passwd.csv", "feeds/UPPER.CSV"] {
            let error = refusal(path)
            XCTAssertEqual(error, InputFileError(path: path, reason: .outsideInputs,
                                                 problem: "is a symbolic link to a file outside the inputs folder"))
            XCTAssertEqual(error?.reject(rule: "feeds must be files").message,
                           "\(path) is a symbolic link to a file outside the inputs folder: "
                               + "feeds must be files in the inputs folder")
            XCTAssertEqual(error?.rejectCode, .notARegularFile)
        }
    }

    func test_open_pathThatClimbsOut_isRefused() throws {
        try write("secret.csv", "x\n")
        XCTAssertEqual(refusal("feeds/../../secret.csv")?.reason, .outsideInputs)
    }

    func test_open_throughALinkedFolderThatLeadsOut_isRefused() throws {
        try write("elsewhere/a.csv", "x\n")
        try link("reference", to: scratch.appendingPathComponent("elsewhere").path)
        XCTAssertEqual(refusal("reference/a.csv"), InputFileError(
            path: "reference/a.csv", reason: .outsideInputs,
            problem: "lies outside the inputs folder: a folder on its path is a symbolic link that leads out"))
    }

    func test_open_linkToAFileInside_isFollowed() throws {
        try write("inputs/archive/0211.csv", "id\n1\n")
        try link("feeds/today.csv", to: "../archive/0211.csv")
        let file = try InputFolder(inputs).open("feeds/today.csv")
        XCTAssertEqual(file.path, "feeds/today.csv")
        XCTAssertEqual(file.baseName, "today")
        XCTAssertEqual(try file.bytes(), Array("id\n1\n".utf8))
    }

    /// The inputs folder itself may be a link: what counts is where its files lie relative to it.
    func test_open_inputsFolderReachedThroughALink_opensItsFiles() throws {
        try write("inputs/feeds/a.csv", "x\n")
        let alias = scratch.appendingPathComponent("alias")
        try FileManager.default.createSymbolicLink(at: alias, withDestinationURL: inputs)
        XCTAssertEqual(try InputFolder(alias).open("feeds/a.csv").size, 2)
    }

    func test_open_linkToNothing_isUnreadable() throws {
        try link("feeds/dangling.csv", to: "nowhere.csv")
        XCTAssertEqual(refusal("feeds/dangling.csv"), InputFileError(
            path: "feeds/dangling.csv", reason: .unreadable, problem: "is a symbolic link to a file that is not there"))
        XCTAssertEqual(refusal("feeds/dangling.csv")?.rejectCode, .unreadableFile)
    }

    func test_open_linkLoop_isUnreadable() throws {
        try link("feeds/a.csv", to: "b.csv")
        try link("feeds/b.csv", to: "a.csv")
        XCTAssertEqual(refusal("feeds/a.csv")?.problem, "is a symbolic link that leads round in a loop")
    }

    // MARK: - Permissions

    func test_open_fileWithoutReadPermission_isUnreadable() throws {
        let url = try write("inputs/feeds/locked.csv", "id\n1\n")
        XCTAssertEqual(chmod(url.path, 0), 0)
        defer { chmod(url.path, 0o644) }
        let probe = open(url.path, O_RDONLY)
        if probe >= 0 {
            close(probe)
            throw XCTSkip("this process reads files whatever their permissions (it runs as root), "
                + "so chmod 000 cannot make one unreadable")
        }
        XCTAssertEqual(refusal("feeds/locked.csv"), InputFileError(path: "feeds/locked.csv", reason: .unreadable,
                                                                   problem: "cannot be opened: Permission denied"))
        XCTAssertEqual(refusal("feeds/locked.csv")?.rejectCode, .unreadableFile)
    }

    // MARK: - Listing and files named on the command line

    func test_names_sortedByBytesWithoutHiddenOnes() throws {
        for name in ["b.csv", "a.xml", ".hidden.csv", "B.csv"] { try write("inputs/feeds/\(name)", "x\n") }
        XCTAssertEqual(try InputFolder(inputs).names(in: "feeds"), ["B.csv", "a.xml", "b.csv"])
        XCTAssertEqual(try InputFolder(inputs).names(in: "absent"), [])
    }

    func test_names_feedsFolderLinkedOutside_isRefused() throws {
        try FileManager.default.removeItem(at: inputs.appendingPathComponent("feeds"))
        try write("etc/passwd.csv", "x\n")
        try link("feeds", to: scratch.appendingPathComponent("etc").path)
        XCTAssertThrowsError(try InputFolder(inputs).names(in: "feeds")) { error in
            XCTAssertEqual((error as? InputFileError)?.problem,
                           "is a symbolic link to a folder outside the inputs folder")
        }
    }

    /// `--config` is the operator's choice: a link is followed wherever it leads; a pipe is still refused.
    func test_openNamed_followsLinksButRefusesPipes() throws {
        let policy = try write("etc/allot.toml", "horizon_days = 2\n")
        let alias = scratch.appendingPathComponent("policy.toml")
        try FileManager.default.createSymbolicLink(at: alias, withDestinationURL: policy)
        XCTAssertEqual(try InputFolder.openNamed(alias)?.bytes(), Array("horizon_days = 2\n".utf8))
        XCTAssertEqual(try InputFolder.openNamed(alias)?.path, alias.path)
        XCTAssertNil(try InputFolder.openNamed(scratch.appendingPathComponent("none.toml")))
        let pipe = scratch.appendingPathComponent("pipe.toml")
        XCTAssertEqual(mkfifo(pipe.path, 0o644), 0)
        XCTAssertThrowsError(try InputFolder.openNamed(pipe)) { error in
            XCTAssertEqual((error as? InputFileError)?.description, "\(pipe.path) is a named pipe, not a regular file")
        }
    }
}

/// A listening Unix-domain socket at a path, for the test that a socket is no feed.
struct UnixSocket {
    private let descriptor: Int32

    init?(boundTo path: String) {
        #if os(Linux)
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_UNIX, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { return nil }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let fits = withUnsafeMutableBytes(of: &address.sun_path) { buffer -> Bool in
            guard bytes.count < buffer.count else { return false }
            buffer.copyBytes(from: bytes)
            return true
        }
        let bound = fits && withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) == 0
            }
        }
        guard bound, listen(fd, 1) == 0 else {
            close(fd)
            return nil
        }
        descriptor = fd
    }

    func stop() {
        close(descriptor)
    }
}
