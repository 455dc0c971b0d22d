// swift-tools-version:6.2
// Encodes the standard sample receipt in a loop and prints receipts per second and bytes.
// Run through ./run.sh, which also runs python-escpos on the same receipt and the same raster line.
import PackageDescription

let package = Package(
    name: "ESCPOSBench",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "B9Terminal", path: "../..")],
    targets: [
        .executableTarget(
            name: "ESCPOSBench",
            dependencies: [.product(name: "B9ESCPOS", package: "B9Terminal")]
        ),
        // Shapes and rasters one 80 mm Bengali line; run.sh runs python-escpos + Pillow on the same line.
        .executableTarget(
            name: "RasterTextBench",
            dependencies: [
                .product(name: "B9ESCPOS", package: "B9Terminal"),
                .product(name: "B9TextRaster", package: "B9Terminal"),
            ]
        ),
    ]
)
