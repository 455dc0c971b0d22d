import Foundation
import Testing

/// Debian's `chromium` run headless on one URL, for the tests of the built-in pages.
enum HeadlessChromium {
    static let path = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Loads `url` in a fresh profile under `folder` and returns the DOM once the page is idle.
    ///
    /// Virtual time runs ahead only while no fetch is pending, so the dump waits for the page's requests.
    /// A browser that hangs is killed after two minutes, and the test fails with its log.
    static func dumpDOM(_ url: String, folder: URL) async throws -> String {
        let browser = try #require(path)
        let dom = folder.appendingPathComponent("dom-\(UUID().uuidString.prefix(8)).html").path
        let log = folder.appendingPathComponent("chromium.log").path
        let process = try ChildProcess.spawn(browser, [
            "--headless=new", "--disable-gpu", "--no-sandbox", "--disable-dev-shm-usage", "--no-first-run",
            "--user-data-dir=\(folder.appendingPathComponent("profile").path)",
            "--virtual-time-budget=20000", "--dump-dom", url,
        ], output: dom, errors: log)
        let exited = await eventually(timeout: .seconds(120)) { process.hasExited }
        if !exited { process.signal(SIGKILL) }
        let status = await process.wait()
        #expect(exited && status == 0, "chromium: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
        return (try? String(contentsOfFile: dom, encoding: .utf8)) ?? ""
    }
}
