import CICUShim

/// Galley's version and the ICU it runs on.
public enum Version {
    public static let major = 0
    public static let minor = 3
    public static let patch = 0
    /// `major * 10000 + minor * 100 + patch`, as `GALLEY_VERSION_NUMBER`.
    public static let number = major * 10000 + minor * 100 + patch
    public static let string = "\(major).\(minor).\(patch)"
    /// The version of ICU Galley was built against, e.g. "72.1".
    public static var icu: String { String(cString: gshim_icu_version()) }
}
