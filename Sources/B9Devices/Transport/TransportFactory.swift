/// Opens the right ``DeviceTransport`` for an address.
///
/// `sim://` addresses are not opened here: simulators hand out their own transports.
public enum TransportFactory {
    /// Opens `address`.
    ///
    /// - Parameter connectTimeout: for `tcp://` only.
    /// - Throws: ``DeviceError`` from the transport; `unsupported` for `sim://`.
    public static func open(_ address: DeviceAddress, connectTimeout: Duration = .seconds(5))
        async throws(DeviceError) -> any DeviceTransport
    {
        switch address.location {
        case .serial:
            return try await SerialPort.open(address)
        case .tcp:
            return try await TCPTransport.connect(address, connectTimeout: connectTimeout)
        case .usblp, .evdev, .hidraw:
            return try await CharacterDeviceTransport.open(address)
        case .usb:
            return try await USBTransport.open(address)
        case .simulator(let name, _):
            throw DeviceError(
                .unsupported, "simulator \"\(name)\" is not a real transport; start the simulator and use the "
                    + "transport it gives you", device: address.description)
        }
    }
}
