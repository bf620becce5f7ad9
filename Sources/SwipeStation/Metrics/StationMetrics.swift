import Foundation
import Prometheus
public import SwipeInput

/// The station's metrics, in Prometheus text format at `GET /metrics`, each with its
/// `# HELP` line.
///
/// Kept in the station's own swift-prometheus registry (nothing global, so two stations
/// in one test process keep their counts apart). Labels carry reasons and outcomes,
/// never card data.
public final class StationMetrics: Sendable {
    private let registry = PrometheusCollectorRegistry()

    /// What each series means, as `/metrics` says it.
    private static let help = [
        "swipe_swipes_total": "Swipes heard, by reader kind (audio or usb).",
        "swipe_decode_failures_total": "Swipes that gave no card, by the decoder's reason.",
        "swipe_cards_refused_total": "Cards refused before any charge was sent, by reason.",
        "swipe_charges_total": "Charges sent to the catalog, by outcome.",
        "swipe_charge_duration_seconds": "Time from sending a charge to knowing its outcome.",
        "swipe_voids_total": "Approved charges voided from this station (test charges and the console's Void).",
        "swipe_catalog_reachable": "1 while the catalog answers and the station is signed in, else 0.",
        "swipe_reader_connected": "1 while a reader of this kind (audio or usb) is connected, else 0.",
        "swipe_journal_pending": "Sales written to the journal whose outcome is not settled yet.",
        "swipe_audio_overruns_total": "Times the sound card overran and samples were lost.",
        "swipe_input_peak_dbfs":
            "The audio reader's peak input level over the last quarter second, by channel, in dBFS.",
        "swipe_input_background_dbfs":
            "The audio reader's background level (the quietest 20 ms RMS of the last quarter second), by channel, in dBFS.",
        "swipe_last_swipe_timestamp_seconds": "When the last swipe was heard, in seconds since 1970.",
        "swipe_last_read_signal_to_noise_db": "The last swipe's level over the background, in dB (audio reader).",
        "swipe_last_read_speed_ips": "The last swipe's speed over the stripe, in inches per second (audio reader).",
        "swipe_offline_stored_total": "Sales kept while the catalog could not be reached.",
        "swipe_offline_forwarded_total": "Kept sales forwarded to the catalog, by outcome.",
        "swipe_offline_declined_total":
            "Kept sales the catalog did not charge when forwarded (declined, expired, refused): to collect.",
        "swipe_offline_waiting": "Kept sales waiting to be forwarded.",
        "swipe_offline_waiting_cents": "What the kept sales waiting to be forwarded come to, in cents.",
    ]

    private static let chargeBuckets: [Duration] = [
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2),
        .seconds(5), .seconds(10), .seconds(30),
    ]

    /// Creates the metrics with every series present from the start.
    public init() {
        gauge("swipe_catalog_reachable").set(to: 0)
        gauge("swipe_journal_pending").set(to: 0)
        _ = counter("swipe_audio_overruns_total")
        _ = counter("swipe_voids_total")
        _ = counter("swipe_offline_stored_total")
        _ = counter("swipe_offline_declined_total")
        offlineWaiting(0, cents: 0)
        _ = chargeDurations()
        for source in ["audio", "usb"] {
            _ = counter("swipe_swipes_total", [("source", source)])
            gauge("swipe_reader_connected", [("kind", source)]).set(to: 0)
        }
        for outcome in ["approved", "declined", "refused", "not_completed", "unknown"] {
            _ = counter("swipe_charges_total", [("outcome", outcome)])
        }
    }

    /// `name` with its help text (the whole name as the metric name: no unit is split off).
    private static func descriptor(_ name: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help[name]!)
    }

    private func counter(_ name: String, _ labels: [(String, String)] = []) -> Counter {
        registry.makeCounter(descriptor: Self.descriptor(name), labels: labels)
    }

    private func gauge(_ name: String, _ labels: [(String, String)] = []) -> Gauge {
        registry.makeGauge(descriptor: Self.descriptor(name), labels: labels)
    }

    private func chargeDurations() -> DurationHistogram {
        registry.makeDurationHistogram(
            descriptor: Self.descriptor("swipe_charge_duration_seconds"), labels: [], buckets: Self.chargeBuckets)
    }

    /// A swipe was heard on `source` (`audio` or `usb`).
    public func swipeHeard(source: String) { counter("swipe_swipes_total", [("source", source)]).increment() }

    /// A swipe gave no card (`reason`: the decoder's problem code).
    public func decodeFailed(reason: String) {
        counter("swipe_decode_failures_total", [("reason", reason)]).increment()
    }

    /// A card was refused before any charge was sent.
    public func cardRefused(reason: String) { counter("swipe_cards_refused_total", [("reason", reason)]).increment() }

    /// A charge ended with `outcome` after `duration`.
    public func charged(outcome: String, duration: Duration) {
        counter("swipe_charges_total", [("outcome", outcome)]).increment()
        chargeDurations().record(duration)
    }

    /// An approved charge was voided from this station.
    public func voided() { counter("swipe_voids_total").increment() }

    /// A sale was kept offline.
    public func offlineStored() { counter("swipe_offline_stored_total").increment() }

    /// A kept sale was forwarded and ended `outcome` (`approved`, `declined`, `expired`, `refused`).
    public func offlineForwarded(outcome: String) {
        counter("swipe_offline_forwarded_total", [("outcome", outcome)]).increment()
        if outcome != "approved" { counter("swipe_offline_declined_total").increment() }
    }

    /// Kept sales waiting to be forwarded, and what they come to.
    public func offlineWaiting(_ count: Int, cents: Int) {
        gauge("swipe_offline_waiting").set(to: Double(count))
        gauge("swipe_offline_waiting_cents").set(to: Double(cents))
    }

    /// Whether the catalog answers.
    public func catalogReachable(_ value: Bool) { gauge("swipe_catalog_reachable").set(to: value ? 1 : 0) }

    /// Whether a reader of `kind` (`audio` or `usb`) is connected.
    public func readerConnected(_ kind: String, _ value: Bool) {
        gauge("swipe_reader_connected", [("kind", kind)]).set(to: value ? 1 : 0)
    }

    /// Sales written but not settled.
    public func journalPending(_ count: Int) { gauge("swipe_journal_pending").set(to: Double(count)) }

    /// The audio device overran `count` more times.
    public func audioOverran(_ count: Int = 1) { counter("swipe_audio_overruns_total").increment(by: Int64(count)) }

    /// The audio reader's input levels now.
    public func inputLevels(_ readings: [LevelMeter.Reading]) {
        for reading in readings {
            let channel = [("channel", String(reading.channel))]
            gauge("swipe_input_peak_dbfs", channel).set(to: reading.peakDBFS)
            gauge("swipe_input_background_dbfs", channel).set(to: reading.backgroundDBFS)
        }
    }

    /// A swipe was heard, read as `quality` says.
    public func swipeRead(_ quality: SwipeQuality) {
        gauge("swipe_last_swipe_timestamp_seconds").set(to: quality.at.timeIntervalSince1970)
        if let snr = quality.signalToNoiseDB { gauge("swipe_last_read_signal_to_noise_db").set(to: snr) }
        if let speed = quality.inchesPerSecond { gauge("swipe_last_read_speed_ips").set(to: speed) }
    }

    /// The metrics in Prometheus text format.
    public func exposition() -> String { registry.emitToString() }
}
