import B9Devices
import NIOCore

/// A network receipt printer on loopback for the diagnostics tests: answers every `DLE EOT n`
/// (10 04 n) with the status byte the test gives for `n`, as an Epson TM printer does, and keeps
/// every other byte it receives (a test print) for the test to look at.
final class DiagnosticsTCPPrinterStub: Sendable {
    /// Real-time status replies of a TM-T20 class printer (Epson ESC/POS reference, DLE EOT):
    /// fixed bits 0xx1xx10, then the facts.
    enum Condition {
        case ready, paperEnd, coverOpen

        var replies: [UInt8: UInt8] {
            switch self {
            // Online, no error, paper present.
            case .ready: [1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12]
            // Offline (n=1 bit 3); stopped by paper end (n=2 bit 5); paper end sensor (n=4 bits 5, 6).
            case .paperEnd: [1: 0x1A, 2: 0x32, 3: 0x12, 4: 0x72]
            // Offline (n=1 bit 3); cover open (n=2 bit 2).
            case .coverOpen: [1: 0x1A, 2: 0x16, 3: 0x12, 4: 0x12]
            }
        }
    }

    let listener: LoopbackListener
    private let task: Task<[UInt8], Never>

    private init(listener: LoopbackListener, task: Task<[UInt8], Never>) {
        self.listener = listener
        self.task = task
    }

    static func start(_ condition: Condition) async throws -> DiagnosticsTCPPrinterStub {
        let listener = try await LoopbackListener.start()
        let replies = condition.replies
        let task = Task<[UInt8], Never> {
            var other: [UInt8] = []
            for await connection in listener.connections {
                var pending: [UInt8] = []
                while true {
                    guard var chunk = try? await connection.read(timeout: .seconds(60)) else { break }
                    pending += chunk.readBytes(length: chunk.readableBytes) ?? []
                    while let start = pending.firstIndex(of: 0x10), pending.count > start + 2, pending[start + 1] == 0x04 {
                        other += pending[..<start]
                        let n = pending[start + 2]
                        pending.removeFirst(start + 3)
                        if let reply = replies[n] { try? await connection.write([reply], timeout: .seconds(5)) }
                    }
                    if !pending.contains(0x10) {
                        other += pending
                        pending.removeAll()
                    }
                }
                await connection.close()
            }
            return other
        }
        return DiagnosticsTCPPrinterStub(listener: listener, task: task)
    }

    var address: DeviceAddress { listener.address }

    /// Stops listening and returns the bytes received that were not status requests.
    func stop() async -> [UInt8] {
        await listener.stop()
        return await task.value
    }
}

/// Answers the technician's questions from a script, and records what was asked.
actor DiagnosticsScriptedPrompt: TechnicianPrompt {
    private var answers: [Bool]
    private(set) var asked: [String] = []
    private(set) var told: [String] = []

    init(answers: [Bool]) { self.answers = answers }

    func tell(_ text: String) async { told.append(text) }

    func confirm(_ question: String) async -> Bool {
        asked.append(question)
        return answers.isEmpty ? false : answers.removeFirst()
    }
}
