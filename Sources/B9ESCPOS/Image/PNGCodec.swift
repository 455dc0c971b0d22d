internal import CPNG

/// PNG in and out through libpng's simplified API (`png_image_*`, libpng 1.6).
public enum PNGCodec {
    /// Reads a PNG (any colour type) as greyscale; transparent areas become white.
    /// - Throws: `ESCPOSError.invalidImage` with libpng's message when the data is not a readable PNG.
    public static func decodeGray(_ data: [UInt8]) throws(ESCPOSError) -> GrayImage {
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        let began = data.withUnsafeBytes { raw in
            png_image_begin_read_from_memory(&image, raw.baseAddress, raw.count)
        }
        guard began != 0 else { throw failure(&image, "read the PNG header") }
        image.format = UInt32(PNG_FORMAT_GA)
        let width = Int(image.width)
        let height = Int(image.height)
        guard width > 0, height > 0, width <= MonochromeBitmap.maximumSide, height <= MonochromeBitmap.maximumSide
        else {
            png_image_free(&image)
            throw ESCPOSError(.invalidImage, "PNG is \(width)×\(height); images up to \(MonochromeBitmap.maximumSide) dots per side.")
        }
        var buffer = [UInt8](repeating: 0, count: width * height * 2)
        let finished = buffer.withUnsafeMutableBytes { raw in
            png_image_finish_read(&image, nil, raw.baseAddress, Int32(width * 2), nil)
        }
        guard finished != 0 else { throw failure(&image, "decode the PNG") }
        var pixels = [UInt8](repeating: 255, count: width * height)
        for index in 0..<(width * height) {
            let gray = Int(buffer[index * 2])
            let alpha = Int(buffer[index * 2 + 1])
            pixels[index] = UInt8((gray * alpha + 255 * (255 - alpha)) / 255)
        }
        return try GrayImage(width: width, height: height, pixels: pixels)
    }

    /// Writes a greyscale PNG.
    public static func encode(_ gray: GrayImage) throws(ESCPOSError) -> [UInt8] {
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        image.width = UInt32(gray.width)
        image.height = UInt32(gray.height)
        image.format = UInt32(PNG_FORMAT_GRAY)
        var size = 0
        // First call measures, second writes.
        let measured = gray.pixels.withUnsafeBytes { raw in
            png_image_write_to_memory(&image, nil, &size, 0, raw.baseAddress, Int32(gray.width), nil)
        }
        guard measured != 0, size > 0 else { throw failure(&image, "size the PNG") }
        var out = [UInt8](repeating: 0, count: size)
        let written = out.withUnsafeMutableBytes { outRaw in
            gray.pixels.withUnsafeBytes { raw in
                png_image_write_to_memory(&image, outRaw.baseAddress, &size, 0, raw.baseAddress, Int32(gray.width), nil)
            }
        }
        guard written != 0 else { throw failure(&image, "write the PNG") }
        return Array(out.prefix(size))
    }

    /// Writes a bitmap as a black-on-white PNG.
    public static func encode(_ bitmap: MonochromeBitmap) throws(ESCPOSError) -> [UInt8] {
        var pixels = [UInt8](repeating: 255, count: bitmap.width * bitmap.height)
        for y in 0..<bitmap.height {
            for x in 0..<bitmap.width where bitmap[x, y] { pixels[y * bitmap.width + x] = 0 }
        }
        return try encode(GrayImage(width: bitmap.width, height: bitmap.height, pixels: pixels))
    }

    private static func failure(_ image: inout png_image, _ action: String) -> ESCPOSError {
        let message = withUnsafeBytes(of: image.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        png_image_free(&image)
        return ESCPOSError(.invalidImage, "Could not \(action): \(message). Save the image as PNG and try again.")
    }
}
