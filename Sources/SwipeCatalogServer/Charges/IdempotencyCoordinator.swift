/// What a request with an idempotency key answered, kept to replay it.
struct StoredResponse: Sendable {
    var status: Int
    var body: [UInt8]
    var requestHash: String
    var chargeID: String?
    var keyVoided: Bool
}

/// Serialises requests that share an idempotency key. While a charge runs, other
/// charges with its key wait for its answer instead of starting a second charge;
/// a void-by-key waits for the charge to finish, then runs.
actor IdempotencyCoordinator {
    /// What a run does.
    enum Kind: Sendable {
        case charge
        case voidByKey
    }

    private var inFlight: [String: (kind: Kind, task: Task<StoredResponse, any Error>)] = [:]

    /// Runs `operation` for `scope`, or shares the run of the same kind already under way.
    func perform(
        scope: String, kind: Kind, operation: @escaping @Sendable () async throws -> StoredResponse
    ) async throws -> StoredResponse {
        while let running = inFlight[scope] {
            if running.kind == kind { return try await running.task.value }
            _ = try? await running.task.value
            if inFlight[scope]?.task == running.task { inFlight[scope] = nil }
        }
        let task = Task { try await operation() }
        inFlight[scope] = (kind, task)
        defer { if inFlight[scope]?.task == task { inFlight[scope] = nil } }
        return try await task.value
    }
}
