#if canImport(Glibc)
import Glibc
#endif

/// Everything that can go wrong between B9Terminal and a piece of hardware, with the device it
/// happened on, the operating-system error number where there was one, and what to do about it.
///
/// `code` says what kind of failure it is (compare codes, not messages); `message` is written for
/// the technician and says what to try. `Equatable` compares codes only.
public struct DeviceError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The kind of failure. New codes may be added; match the ones you handle and treat the rest
    /// generically.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// A device address (URI) could not be parsed.
        public static let invalidAddress = Code("invalid-address")
        /// The device node, USB device or host does not exist (or is not plugged in).
        public static let notFound = Code("not-found")
        /// The operating system refused access (`EACCES`/`EPERM`): check the udev rules and group.
        public static let permissionDenied = Code("permission-denied")
        /// Another process (or another B9Terminal device) holds the device (`EBUSY`, `TIOCEXCL`).
        public static let busy = Code("busy")
        /// Opening or configuring the device failed for another reason.
        public static let openFailed = Code("open-failed")
        /// A TCP connection could not be made (refused, unreachable, connect timeout).
        public static let connectionFailed = Code("connection-failed")
        /// The device went away: hang-up, end of file, `EIO`, `ECONNRESET`, unplug.
        public static let disconnected = Code("disconnected")
        /// Nothing arrived (or nothing could be sent) within the time allowed.
        public static let timedOut = Code("timed-out")
        /// A read or write failed with an operating-system error that is not a disconnect.
        public static let ioFailed = Code("io-failed")
        /// The device or transport cannot do what was asked (e.g. DTR on a pseudo-terminal).
        public static let unsupported = Code("unsupported")
        /// The operation is not allowed in the device's current state (e.g. enable before claim).
        public static let illegalState = Code("illegal-state")
        /// The transport was closed by its owner.
        public static let closed = Code("closed")
        /// A setting is out of range (baud rate, data bits, timeout).
        public static let invalidConfiguration = Code("invalid-configuration")
        /// No USB bus or no udev on this machine: discovery and libusb cannot work here.
        public static let unavailable = Code("unavailable")
        /// The device answered something that could not be understood.
        public static let protocolViolation = Code("protocol-violation")
    }

    /// What kind of failure this is.
    public let code: Code
    /// What failed and what to do, for a technician.
    public let message: String
    /// The device the failure happened on, as its address text (e.g. `serial:///dev/ttyUSB0`).
    public let device: String?
    /// The `errno` value reported by the operating system, if any.
    public let errno: Int32?
    /// The lower-level error, if any.
    public let underlying: (any Error)?

    public init(
        _ code: Code,
        _ message: String,
        device: String? = nil,
        errno: Int32? = nil,
        underlying: (any Error)? = nil
    ) {
        self.code = code
        self.message = message
        self.device = device
        self.errno = errno
        self.underlying = underlying
    }

    public static func == (lhs: DeviceError, rhs: DeviceError) -> Bool { lhs.code == rhs.code }

    /// The symbolic name and text of `errno` (e.g. `EIO (Input/output error)`), if there is one.
    public var errnoDescription: String? {
        guard let errno else { return nil }
        return "\(DeviceError.errnoName(errno)) (\(String(cString: strerror(errno))))"
    }

    public var description: String {
        var text = ""
        if let device { text += "\(device): " }
        text += message
        var details: [String] = [code.description]
        if let errnoDescription { details.append(errnoDescription) }
        if let underlying, errno == nil { details.append(String(describing: underlying)) }
        return text + " (" + details.joined(separator: "; ") + ")"
    }

    /// True for the errno values that mean the device or peer went away rather than a transient
    /// failure: `EIO`, `ENXIO`, `ENODEV`, `ECONNRESET`, `EPIPE`, `ESHUTDOWN`, `ENOTCONN`, `EHOSTDOWN`.
    public static func isDisconnect(errno value: Int32) -> Bool {
        [EIO, ENXIO, ENODEV, ECONNRESET, EPIPE, ESHUTDOWN, ENOTCONN, EHOSTDOWN, ECONNABORTED].contains(value)
    }

    /// Builds the error for a failed system call on `device`, choosing the code from `errno`.
    static func system(_ call: String, errno value: Int32, device: String, hint: String = "") -> DeviceError {
        let code: Code
        var advice = hint
        switch value {
        case ENOENT:
            code = .notFound
            if advice.isEmpty { advice = "check that the device is plugged in and the path is right" }
        case EACCES, EPERM:
            code = .permissionDenied
            if advice.isEmpty {
                advice = "install udev/99-b9pos.rules and add the service user to the b9pos group"
            }
        case EBUSY:
            code = .busy
            if advice.isEmpty { advice = "another program holds the device; stop it or close the other port" }
        case ETIMEDOUT:
            code = .timedOut
        case ENOTTY:
            code = .unsupported
            if advice.isEmpty { advice = "the device does not support this control request" }
        case EINVAL where call.hasPrefix("ioctl"):
            code = .unsupported
            if advice.isEmpty { advice = "the device does not support this control request" }
        default:
            code = isDisconnect(errno: value) ? .disconnected : .ioFailed
            if advice.isEmpty, code == .disconnected { advice = "the device went away; it is reopened when it returns" }
        }
        let text = advice.isEmpty ? "\(call) failed" : "\(call) failed: \(advice)"
        return DeviceError(code, text, device: device, errno: value)
    }

    static func errnoName(_ value: Int32) -> String {
        switch value {
        case EPERM: "EPERM"
        case ENOENT: "ENOENT"
        case EINTR: "EINTR"
        case EIO: "EIO"
        case ENXIO: "ENXIO"
        case EBADF: "EBADF"
        case EAGAIN: "EAGAIN"
        case EACCES: "EACCES"
        case EBUSY: "EBUSY"
        case ENODEV: "ENODEV"
        case EINVAL: "EINVAL"
        case ENOTTY: "ENOTTY"
        case EPIPE: "EPIPE"
        case ETIMEDOUT: "ETIMEDOUT"
        case ECONNREFUSED: "ECONNREFUSED"
        case ECONNRESET: "ECONNRESET"
        case ECONNABORTED: "ECONNABORTED"
        case ENOTCONN: "ENOTCONN"
        case ESHUTDOWN: "ESHUTDOWN"
        case EHOSTUNREACH: "EHOSTUNREACH"
        case ENETUNREACH: "ENETUNREACH"
        case EHOSTDOWN: "EHOSTDOWN"
        default: "errno \(value)"
        }
    }
}
