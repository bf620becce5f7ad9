/// A weak spot on the stripe: a worn, scratched or dirty stretch, or the card lifting
/// off the head for an instant. Over a few bit cells the head pulses fall to a fraction
/// of their neighbours' height; the flux reversals are all still there.
public struct StripeDropout: Sendable, Equatable {
    /// Where it begins, as a fraction of the track's data (0: the start sentinel, 1: the LRC).
    public var position: Double
    /// How long it is, in bit cells.
    public var cells: Double
    /// The pulses' height inside it, as a fraction of what they would be.
    public var depth: Double
    /// The channel (head) it is on; the others read the stripe whole.
    public var channel: Int

    /// A dropout.
    public init(position: Double, cells: Double, depth: Double, channel: Int = 0) {
        self.position = position
        self.cells = cells
        self.depth = depth
        self.channel = channel
    }

    /// How much of a pulse's height is left at `offset` (in cells from the dropout's start):
    /// `depth` inside, with edges a quarter cell wide, as a head leaves and meets the stripe.
    func factor(atCell offset: Double) -> Double {
        let edge = 0.25
        let inside: Double
        if offset < -edge || offset > cells + edge {
            inside = 0
        } else if offset < 0 {
            inside = 1 + offset / edge
        } else if offset > cells {
            inside = 1 - (offset - cells) / edge
        } else {
            inside = 1
        }
        return 1 - inside * (1 - depth)
    }
}
