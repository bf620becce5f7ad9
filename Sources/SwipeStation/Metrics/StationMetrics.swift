import CoreMetrics
import Prometheus

/// The station's metrics, in Prometheus text format at `GET /metrics`.
///
/// Built on swift-metrics with its own swift-prometheus registry (nothing global is
/// bootstrapped, so two stations in one test process keep their counts apart).
/// Labels carry reasons and outcomes, never card data.
public final class StationMetrics: Sendable {
    private let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    private let reachable: CoreMetrics.Gauge
    private let pending: CoreMetrics.Gauge
    private let overruns: CoreMetrics.Counter

    /// Creates the metrics with every series present from the start.
    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets["swipe_charge_duration_seconds"] = [
            .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2),
            .seconds(5), .seconds(10), .seconds(30),
        ]
        self.factory = factory
        reachable = CoreMetrics.Gauge(label: "swipe_catalog_reachable", factory: factory)
        pending = CoreMetrics.Gauge(label: "swipe_journal_pending", factory: factory)
        overruns = CoreMetrics.Counter(label: "swipe_audio_overruns_total", factory: factory)
        reachable.record(0)
        pending.record(0)
        for source in ["audio", "usb"] {
            _ = CoreMetrics.Counter(label: "swipe_swipes_total", dimensions: [("source", source)], factory: factory)
        }
        for outcome in ["approved", "declined", "refused", "not_completed", "unknown"] {
            _ = CoreMetrics.Counter(label: "swipe_charges_total", dimensions: [("outcome", outcome)], factory: factory)
        }
    }

    /// A swipe was heard on `source` (`audio` or `usb`).
    public func swipeHeard(source: String) {
        CoreMetrics.Counter(label: "swipe_swipes_total", dimensions: [("source", source)], factory: factory).increment()
    }

    /// A swipe gave no card (`reason`: the decoder's problem code).
    public func decodeFailed(reason: String) {
        CoreMetrics.Counter(label: "swipe_decode_failures_total", dimensions: [("reason", reason)], factory: factory)
            .increment()
    }

    /// A card was refused before any charge was sent.
    public func cardRefused(reason: String) {
        CoreMetrics.Counter(label: "swipe_cards_refused_total", dimensions: [("reason", reason)], factory: factory)
            .increment()
    }

    /// A charge ended with `outcome` after `duration`.
    public func charged(outcome: String, duration: Duration) {
        CoreMetrics.Counter(label: "swipe_charges_total", dimensions: [("outcome", outcome)], factory: factory)
            .increment()
        CoreMetrics.Timer(label: "swipe_charge_duration_seconds", factory: factory).recordNanoseconds(
            duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }

    /// Whether the catalog answers.
    public func catalogReachable(_ value: Bool) { reachable.record(value ? 1 : 0) }

    /// Sales written but not settled.
    public func journalPending(_ count: Int) { pending.record(count) }

    /// The audio device overran `count` more times.
    public func audioOverran(_ count: Int = 1) { overruns.increment(by: count) }

    /// The metrics in Prometheus text format.
    public func exposition() -> String { registry.emitToString() }
}
