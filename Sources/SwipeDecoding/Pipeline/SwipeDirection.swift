/// Which way the card went through the reader, relative to its encoding.
public enum SwipeDirection: String, Sendable, Codable {
    /// The bits arrived in the order they were written.
    case forward
    /// The card was swiped the other way: the bits arrived last to first.
    case reverse
}
