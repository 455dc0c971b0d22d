import ArgumentParser

@main
struct B9TerminalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "b9terminal")
}
