/// Stable error codes of the catalog API.
public enum APIErrorCode: String, Codable, Sendable, CaseIterable {
    case badRequest = "bad_request"
    case invalidCredentials = "invalid_credentials"
    case tooManyAttempts = "too_many_attempts"
    case unauthorized
    case forbidden
    case notFound = "not_found"
    case productNotAvailable = "product_not_available"
    case invalidPrice = "invalid_price"
    case amountOverLimit = "amount_over_limit"
    case cardUnreadable = "card_unreadable"
    case cardDataReused = "card_data_reused"
    case cardDataExpired = "card_data_expired"
    case stationUnknown = "station_unknown"
    case stationRevoked = "station_revoked"
    case offlineSignatureInvalid = "offline_signature_invalid"
    case offlineSaleExpired = "offline_sale_expired"
    case idempotencyKeyRequired = "idempotency_key_required"
    case idempotencyKeyReused = "idempotency_key_reused"
    case idempotencyKeyVoided = "idempotency_key_voided"
    case voidWindowClosed = "void_window_closed"
    case notVoidable = "not_voidable"
    case payloadTooLarge = "payload_too_large"
    case methodNotAllowed = "method_not_allowed"
    case internalError = "internal_error"
}

/// The one error shape: `{"error": {"code": ..., "message": ...}}`.
public struct APIErrorBody: Codable, Sendable, Error {
    /// The error.
    public struct Detail: Codable, Sendable {
        /// Stable code.
        public var code: APIErrorCode
        /// What a person can do about it. Never holds card data.
        public var message: String
    }

    /// The error.
    public var error: Detail

    /// Creates an error body.
    public init(code: APIErrorCode, message: String) {
        error = Detail(code: code, message: message)
    }
}
