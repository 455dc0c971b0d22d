/// How the interactive (level 3) checks talk to the technician standing at the station: tell them
/// what to do, and ask them to confirm what they saw. The command line answers on the terminal;
/// tests script the answers.
public protocol TechnicianPrompt: Sendable {
    /// Shows an instruction ("scan a code now").
    func tell(_ text: String) async
    /// Asks a yes/no question and returns the answer (false when there is no answer).
    func confirm(_ question: String) async -> Bool
}
