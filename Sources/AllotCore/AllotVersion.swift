/// The version of allot: what `allot --version` prints and what a log names
/// the program that wrote it by. The one place it is written; a release
/// changes it here and gives `CHANGELOG.md`'s "Unreleased" section its number.
public enum AllotVersion {
    /// Semantic versioning; `-dev` until the first release.
    public static let current = "0.1.0-dev"
}
