import ArgumentParser

/// The `b9terminal` command: the daemon and the tools a technician uses around it.
@main
struct B9TerminalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "b9terminal",
        abstract: "The B9POS store-side hardware daemon.",
        subcommands: [
            // One line per command group; keep alphabetical.
            BackupCommand.self,
            CatalogCommand.self,
            DemoCommand.self,
            DevicesCommand.self,
            DiagnoseCommand.self,
            DisplayCommand.self,
            DrawerCommand.self,
            ESCPOSToolCommand.self,
            JournalCommand.self,
            KitchenCommand.self,
            PrintCommand.self,
            RunCommand.self,
            SaleCommand.self,
            ScaleCommand.self,
            ScanCommand.self,
        ]
    )
}
