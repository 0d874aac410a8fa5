// Galley's exit statuses, as the README documents them:
//   0  everything was processed
//   1  some records (articles, lines, files) failed; the others are in the output
//   2  a usage error (bad option or argument), or the index could not be used
// swift-argument-parser exits 64 (EX_USAGE) on a usage error; this entry
// point maps that one status to 2 and leaves everything else (help, version,
// completion scripts, the commands' own ExitCode) to the parser.

import ArgumentParser

#if canImport(Glibc)
import Glibc
private func exitProcess(_ status: Int32) -> Never { Glibc.exit(status) }
#elseif canImport(Musl)
import Musl
private func exitProcess(_ status: Int32) -> Never { Musl.exit(status) }
#elseif canImport(Darwin)
import Darwin
private func exitProcess(_ status: Int32) -> Never { Darwin.exit(status) }
#endif

extension GalleyCommand {
    /// The status of a usage error.
    static let usageStatus: Int32 = 2

    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                let message = Array((fullMessage(for: error) + "\n").utf8)
                _ = message.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
                exitProcess(usageStatus)
            }
            exit(withError: error)
        }
    }
}
