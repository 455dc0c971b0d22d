import B9Core
import B9Devices
import CoreMetrics
import Foundation
import Metrics
import Prometheus
import Synchronization

/// The station's metrics, read fresh at every scrape and exposed in the Prometheus text format.
///
/// Recorded through swift-metrics (the backend-neutral API) into a swift-prometheus registry:
///
/// | metric | type | meaning |
/// |---|---|---|
/// | `b9terminal_device_state{device,state}` | gauge | 1 for the device's current state (`idle`, `ready`, `error`), 0 for the others |
/// | `b9terminal_print_queue_depth` | gauge | receipts queued, sending or held at the printer |
/// | `b9terminal_sales_total` | counter | sales stored |
/// | `b9terminal_sales_amount_minor_total{currency}` | counter | their amounts due, in minor units |
/// | `b9terminal_outbox_depth` | gauge | events waiting for the broker |
/// | `b9terminal_outbox_lag_seconds` | gauge | age of the oldest waiting event, 0 when none waits |
/// | `b9terminal_mqtt_connected` | gauge | 1 while the broker link is up |
final class StationMetrics: Sendable {
    static let deviceStates = ["idle", "ready", "error"]

    let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    private let store: BillingStore
    private let status: DeviceStatusBoard?
    private let queue: PrintJobQueue?
    private let mqttConnected: (@Sendable () -> Bool)?
    /// The sales figures already counted, so the counters only ever grow by what is new.
    private let counted = Mutex<(sales: Int, amounts: [String: Int64])>((0, [:]))

    init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(), store: BillingStore, status: DeviceStatusBoard?,
         queue: PrintJobQueue?, mqttConnected: (@Sendable () -> Bool)?) {
        self.registry = registry
        factory = PrometheusMetricsFactory(registry: registry)
        self.store = store
        self.status = status
        self.queue = queue
        self.mqttConnected = mqttConnected
    }

    /// Refreshes every figure and returns the exposition text.
    func scrape() async -> [UInt8] {
        await refresh()
        return registry.emitToBuffer()
    }

    func refresh() async {
        if let status {
            for device in await status.all where device.state != "not-configured" {
                for state in Self.deviceStates {
                    Gauge(label: "b9terminal_device_state", dimensions: [("device", device.device), ("state", state)], factory: factory)
                        .record(device.state == state ? 1 : 0)
                }
            }
        }
        if let queue {
            Gauge(label: "b9terminal_print_queue_depth", factory: factory).record(await queue.pendingJobs().count)
        }
        if let totals = try? await store.salesTotals() {
            let (newSales, newAmounts) = counted.withLock { counted -> (Int, [String: Int64]) in
                let sales = totals.reduce(0) { $0 + $1.count }
                let added = max(0, sales - counted.sales)
                counted.sales = max(sales, counted.sales)
                var amounts: [String: Int64] = [:]
                for total in totals {
                    amounts[total.currency] = max(0, total.amountDueMinor - (counted.amounts[total.currency] ?? 0))
                    counted.amounts[total.currency] = max(total.amountDueMinor, counted.amounts[total.currency] ?? 0)
                }
                return (added, amounts)
            }
            Counter(label: "b9terminal_sales_total", factory: factory).increment(by: newSales)
            for (currency, amount) in newAmounts.sorted(by: { $0.key < $1.key }) {
                Counter(label: "b9terminal_sales_amount_minor_total", dimensions: [("currency", currency)], factory: factory).increment(by: amount)
            }
        }
        if let depth = try? await store.pendingEventCount() {
            Gauge(label: "b9terminal_outbox_depth", factory: factory).record(depth)
        }
        if let oldest = try? await store.oldestPendingEventCreatedAt() {
            Gauge(label: "b9terminal_outbox_lag_seconds", factory: factory).record(Self.age(of: oldest))
        } else {
            Gauge(label: "b9terminal_outbox_lag_seconds", factory: factory).record(0)
        }
        if let mqttConnected {
            Gauge(label: "b9terminal_mqtt_connected", factory: factory).record(mqttConnected() ? 1 : 0)
        }
    }

    /// Seconds since a store timestamp (`2026-11-25T22:39:05.123Z`); 0 when it cannot be read.
    static func age(of timestamp: String, now: Date = Date()) -> Double {
        let parser = ISO8601DateFormatter()
        parser.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        guard let date = parser.date(from: timestamp) else { return 0 }
        return max(0, now.timeIntervalSince(date))
    }
}
