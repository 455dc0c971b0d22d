// swift-tools-version:6.2
//
// libFuzzer targets for every parser of outside input. Not part of the main build:
// `make fuzz` builds them with -sanitize=fuzzer and runs each for a while; `make test`
// replays the committed corpus under Fuzz/Corpus/<Target>/ through the same parsers.
//
// A target is one executable whose main.swift hands a closure to libFuzzer's
// `LLVMFuzzerRunDriver` (SwiftPM links executables through their own `main`) and checks the
// parser's invariants (no crash, round trips, bounds), trapping on a violation.
import PackageDescription

let package = Package(
    name: "B9TerminalFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "B9Terminal", path: ".."),
    ],
    targets: [
        .target(name: "CFuzzDriver"),
        .executableTarget(
            name: "FuzzCatalog",
            dependencies: ["CFuzzDriver", .product(name: "B9Core", package: "B9Terminal")]
        ),
        .executableTarget(
            name: "FuzzMQTTPayload",
            dependencies: ["CFuzzDriver", .product(name: "B9Core", package: "B9Terminal")]
        ),
        .executableTarget(
            name: "FuzzLocalAPIBody",
            dependencies: ["CFuzzDriver", .product(name: "B9Intake", package: "B9Terminal")]
        ),
        .executableTarget(
            name: "FuzzConfiguration",
            dependencies: ["CFuzzDriver", .product(name: "B9Intake", package: "B9Terminal")]
        ),
        .executableTarget(
            name: "FuzzDecimalText",
            dependencies: ["CFuzzDriver", .product(name: "B9Core", package: "B9Terminal")]
        ),
        .executableTarget(
            name: "FuzzScanner",
            dependencies: ["CFuzzDriver", .product(name: "B9Devices", package: "B9Terminal")]
        ),
        .executableTarget(
            name: "FuzzScaleToledo8217",
            dependencies: ["CFuzzDriver", .product(name: "B9Scale", package: "B9Terminal")]
        ),
        .executableTarget(
            name: "FuzzScaleMTSICS",
            dependencies: ["CFuzzDriver", .product(name: "B9Scale", package: "B9Terminal")]
        ),
        .executableTarget(
            name: "FuzzScaleCAS",
            dependencies: ["CFuzzDriver", .product(name: "B9Scale", package: "B9Terminal")]
        ),
        .executableTarget(
            name: "FuzzScaleDialog06",
            dependencies: ["CFuzzDriver", .product(name: "B9Scale", package: "B9Terminal")]
        ),
        .executableTarget(
            name: "FuzzScaleAveryBerkel",
            dependencies: ["CFuzzDriver", .product(name: "B9Scale", package: "B9Terminal")]
        ),
        .executableTarget(
            name: "FuzzScaleAdam",
            dependencies: ["CFuzzDriver", .product(name: "B9Scale", package: "B9Terminal")]
        ),
        .executableTarget(
            name: "FuzzScaleMagellan",
            dependencies: ["CFuzzDriver", .product(name: "B9Scale", package: "B9Terminal")]
        ),
        .executableTarget(
            name: "FuzzGS1",
            dependencies: ["CFuzzDriver", .product(name: "B9Scale", package: "B9Terminal")]
        ),
        .executableTarget(
            name: "FuzzESCPOSStatus",
            dependencies: ["CFuzzDriver", .product(name: "B9ESCPOS", package: "B9Terminal")]
        ),
        .executableTarget(
            name: "FuzzESCPOSDecoder",
            dependencies: ["CFuzzDriver", .product(name: "B9ESCPOS", package: "B9Terminal")]
        ),
    ]
)
