extension SwipeDetector {
    /// Settings, in seconds and ratios.
    public struct Settings: Sendable {
        /// Cutoff of the high-pass that measures activity, in Hz; keeps DC and 50/60 Hz hum out of it.
        public var highPassCutoff = 150.0
        /// Measuring block length.
        public var blockDuration = 0.002
        /// A block whose RMS is this many times the background's opens or extends a swipe.
        public var triggerRatio: Float = 1.7
        /// Quiet time that closes a swipe.
        public var hangover = 0.35
        /// Quiet time after which the swipe so far may be looked at early (see
        /// ``SwipeDetector/earlyLookAvailable``): most swipes are whole by then, and a
        /// card read from them need not wait for the hangover.
        public var earlyLook = 0.03
        /// Longest swipe looked at early: longer activity is not one hand swipe (the
        /// slowest, 3 ips, lasts about 1.1 s), and looking at it again and again as it
        /// grows would cost more than waiting.
        public var earlyLookMaximumDuration = 2.0
        /// Early looks at one swipe at most (one per pause in it).
        public var earlyLooksPerSwipe = 3
        /// Audio before the trigger that an early look reads. Less than ``margin``: the look
        /// is for the usual swipe, and a swipe whose quiet start it misses is read whole when
        /// its segment closes.
        public var earlyLookMargin = 0.1
        /// Audio kept before the trigger and after the last loud block: the slow, quiet
        /// start or end of a hand swipe can stay under the trigger.
        public var margin = 0.35
        /// Shortest segment worth decoding.
        public var minimumDuration = 0.012
        /// Longest segment; longer activity is cut here.
        public var maximumDuration = 6.0
        /// Below this peak level (full scale = 1) nothing counts as a swipe.
        public var absoluteFloor: Float = 2e-4
        /// Seconds between checks of the background for mains hum strong enough to cancel
        /// (see ``MainsHumCheck``); a check looks at the last quarter second, once it was quiet.
        public var humCheckInterval = 5.0

        /// The default settings.
        public init() {}
    }
}
