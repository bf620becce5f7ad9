/// Tells the person at the table how a swipe went without a screen: a tone, a
/// light. Called on the sale controller's executor: return at once.
public protocol SaleSignal: Sendable {
    /// Signals an outcome.
    func signal(_ kind: SaleOutcome.Kind)
}
