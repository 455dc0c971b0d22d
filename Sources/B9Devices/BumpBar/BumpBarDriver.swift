import NIOCore

/// The bump-bar device class: a kitchen bump bar (or any small USB keyboard) on evdev, taken exclusively
/// so its keys do not also type into the kitchen display's browser. Delivers one ``BumpBarPress`` per key
/// press; releases, autorepeat and other event types are dropped, so a key held down bumps once.
///
/// Use it through ``ManagedDevice``: `ManagedDevice(address: evdevAddress, driver: BumpBarDriver())`.
public struct BumpBarDriver: DeviceDriver {
    public init() {}

    public func receive(from transport: any DeviceTransport, emit: DeviceEmitter<BumpBarPress>) async throws(DeviceError) {
        var decoder = InputEventDecoder()
        while !Task.isCancelled {
            var chunk: ByteBuffer
            do {
                chunk = try await transport.read(timeout: .seconds(3600))
            } catch where error.code == .timedOut {
                continue
            }
            for press in Self.presses(in: decoder.decode(chunk.readBytes(length: chunk.readableBytes) ?? [])) {
                emit.data(press)
            }
        }
    }

    /// The key presses among `events` (`EV_KEY` with value 1), in order.
    public static func presses(in events: [InputEvent]) -> [BumpBarPress] {
        events.filter { $0.type == InputEvent.typeKey && $0.value == 1 }.map { BumpBarPress(code: $0.code) }
    }
}

/// One key pressed on a bump bar: its Linux key code (`KEY_1` = 2, `KEY_ENTER` = 28; see ``KeyName``).
public struct BumpBarPress: Hashable, Sendable {
    public let code: UInt16

    public init(code: UInt16) {
        self.code = code
    }
}
