/// How often and how patiently to retry requests that may not have arrived.
public struct RetryPolicy: Sendable {
    /// Attempts in all, the first included.
    public var attempts: Int
    /// Wait before the second attempt; doubles after each.
    public var initialDelay: Duration
    /// Longest wait between attempts.
    public var maximumDelay: Duration
    /// Time allowed for one attempt.
    public var timeout: Duration

    /// Creates a policy.
    public init(
        attempts: Int = 4, initialDelay: Duration = .milliseconds(200), maximumDelay: Duration = .seconds(2),
        timeout: Duration = .seconds(10)
    ) {
        self.attempts = attempts
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
        self.timeout = timeout
    }

    /// The wait before attempt `attempt` (1-based; the first has none), with ±20% jitter.
    func delay(before attempt: Int) -> Duration {
        guard attempt > 1 else { return .zero }
        var delay = initialDelay
        for _ in 2..<attempt { delay = min(delay * 2, maximumDelay) }
        return delay * Double.random(in: 0.8...1.2)
    }
}
