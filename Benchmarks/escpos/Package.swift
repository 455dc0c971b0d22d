// swift-tools-version:6.2
// Encodes the standard sample receipt in a loop and prints receipts per second and bytes.
// Run through ./run.sh, which also runs python-escpos on the same receipt.
import PackageDescription

let package = Package(
    name: "ESCPOSBench",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "B9Terminal", path: "../..")],
    targets: [
        .executableTarget(
            name: "ESCPOSBench",
            dependencies: [.product(name: "B9ESCPOS", package: "B9Terminal")]
        )
    ]
)
