// swift-tools-version:6.2
//
// B9Terminal: the store-side hardware daemon of B9POS.
//
// Module rules (enforced by this target graph, see README "Layout"):
//   B9ESCPOS, B9Scale   pure codecs, no I/O
//   B9Devices           transports, discovery, device classes; never imports B9Core
//   B9Core              billing, store, journal, outbox; imports no hardware module
//   B9Intake            decoding and checking the configuration and local API bodies; no I/O but reading the file
//   B9Terminal          the executable: the only place modules are wired together
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "B9Terminal",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "b9terminal", targets: ["B9Terminal"]),
        .library(name: "B9Core", targets: ["B9Core"]),
        .library(name: "B9ESCPOS", targets: ["B9ESCPOS"]),
        .library(name: "B9Scale", targets: ["B9Scale"]),
        .library(name: "B9Devices", targets: ["B9Devices"]),
        .library(name: "B9TextRaster", targets: ["B9TextRaster"]),
        .library(name: "B9Intake", targets: ["B9Intake"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0", traits: ["YAML"]),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
    ],
    targets: [
        // MARK: C libraries and shims
        .target(
            name: "CB9Linux",
            path: "Sources/CB9Linux"
        ),
        .systemLibrary(
            name: "CLibUSB",
            path: "Sources/CLibUSB",
            pkgConfig: "libusb-1.0",
            providers: [.apt(["libusb-1.0-0-dev"])]
        ),
        .systemLibrary(
            name: "CUdev",
            path: "Sources/CUdev",
            pkgConfig: "libudev",
            providers: [.apt(["libudev-dev"])]
        ),
        .systemLibrary(
            name: "CMosquitto",
            path: "Sources/CMosquitto",
            pkgConfig: "libmosquitto",
            providers: [.apt(["libmosquitto-dev"])]
        ),
        .systemLibrary(
            name: "CQRencode",
            path: "Sources/CQRencode",
            pkgConfig: "libqrencode",
            providers: [.apt(["libqrencode-dev"])]
        ),
        // libzint (Debian libzint-dev, no pkg-config file): PDF417 matrices for printers without GS ( k cn 48.
        .systemLibrary(
            name: "CZint",
            path: "Sources/CZint",
            providers: [.apt(["libzint-dev"])]
        ),
        .systemLibrary(
            name: "CPNG",
            path: "Sources/CPNG",
            pkgConfig: "libpng",
            providers: [.apt(["libpng-dev"])]
        ),
        .systemLibrary(
            name: "CHarfBuzz",
            path: "Sources/CHarfBuzz",
            pkgConfig: "harfbuzz",
            providers: [.apt(["libharfbuzz-dev"])]
        ),
        .systemLibrary(
            name: "CFreeType",
            path: "Sources/CFreeType",
            pkgConfig: "freetype2",
            providers: [.apt(["libfreetype-dev"])]
        ),
        .systemLibrary(
            name: "CFontconfig",
            path: "Sources/CFontconfig",
            pkgConfig: "fontconfig",
            providers: [.apt(["libfontconfig-dev"])]
        ),

        // MARK: Pure codecs
        .target(
            name: "B9ESCPOS",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                "CQRencode",
                "CPNG",
                "CZint",
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "B9Scale",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Shaped text as dots (reads font files, so it stays out of the pure codec)
        .target(
            name: "B9TextRaster",
            dependencies: [
                "B9ESCPOS",
                "CHarfBuzz",
                "CFreeType",
                "CFontconfig",
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Hardware
        .target(
            name: "B9Devices",
            dependencies: [
                "B9ESCPOS",
                "B9Scale",
                "CB9Linux",
                "CLibUSB",
                "CUdev",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Billing
        .target(
            name: "B9Core",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                // PBKDF2-HMAC-SHA256 for operator PINs.
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: What the daemon is told from outside (a library so the fuzz targets can link it)
        .target(
            name: "B9Intake",
            dependencies: [
                "B9Core",
                "B9Devices",
                "B9ESCPOS",
                "B9Scale",
                .product(name: "Configuration", package: "swift-configuration"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: The executable (composition root)
        .executableTarget(
            name: "B9Terminal",
            dependencies: [
                "B9Core",
                "B9Intake",
                "B9ESCPOS",
                "B9TextRaster",
                "B9Scale",
                "B9Devices",
                "CMosquitto",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                // The Prometheus text exposition of the station's metrics (`GET /metrics`).
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Configuration", package: "swift-configuration"),
                // The local HTTP/WebSocket API for the browser till screen.
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "NIOCore", package: "swift-nio"),
                "CB9Linux",
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Tests
        // What the three test targets share: the `.cpuBound` trait that keeps long computing tests
        // off Swift's cooperative pool.
        .target(
            name: "B9TestSupport",
            path: "Tests/B9TestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "B9CoreTests",
            dependencies: [
                "B9Core",
                "B9TestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "B9DevicesTests",
            dependencies: [
                "B9Devices",
                "B9TestSupport",
                "B9ESCPOS",
                "B9Scale",
                "B9TextRaster",
                "CB9Linux",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            exclude: ["TextRaster/Golden", "ESCPOS/SampleReceiptGolden"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "B9TerminalTests",
            dependencies: [
                // The daemon's pieces (MQTT client, outbox publisher, configuration, systemd notify)
                // live in the executable; SwiftPM lets a test target import an executable target.
                "B9Terminal",
                "B9Core",
                "B9Intake",
                "B9TestSupport",
                "B9Devices",
                "B9ESCPOS",
                "B9Scale",
                "CMosquitto",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "PropertyBased", package: "swift-property-based"),
                "CB9Linux",
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
