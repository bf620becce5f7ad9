/// What a swipe detector is doing, block by block.
enum DetectorState: Equatable, Sendable {
    /// Nothing heard yet: the first block sets the floor.
    case calibrating
    /// The stream began in the middle of something (a recording cut tight, capture started
    /// mid-swipe): all of it is kept until what follows tells a swipe (it was louder than the
    /// floor that follows) from the background (it never was).
    case provisional
    /// Background: the floor follows it, and a loud block opens a swipe.
    case listening
    /// A swipe was just read at an early look: what follows until `until` (a sample index)
    /// is its end (the card leaving the head), not a new swipe.
    case settling(until: Int)
    /// A swipe is open: its samples are collected until a long enough quiet closes it.
    case collecting
}
