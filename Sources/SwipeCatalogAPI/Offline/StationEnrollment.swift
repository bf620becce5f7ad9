public import Foundation

/// `POST /v1/stations` body: a station enrolls its own signing key (Ed25519) while
/// online, so the catalog can later take the sales it kept while offline.
public struct StationEnrollmentRequest: Codable, Sendable, Equatable {
    /// The station's Ed25519 public key, base64 (32 raw bytes).
    public var publicKey: String
    /// A name for people (the Pi's host name).
    public var name: String
    /// How old a kept sale may be when it is forwarded, in hours (the station's
    /// `offline.maxAgeHours`; the catalog allows at most ``OfflineSales/maximumAgeHours``).
    public var maxAgeHours: Double

    /// Creates a request.
    public init(publicKey: String, name: String, maxAgeHours: Double) {
        self.publicKey = publicKey
        self.name = name
        self.maxAgeHours = maxAgeHours
    }
}

/// An enrolled station, as the catalog keeps it.
public struct StationEnrollment: Codable, Sendable, Equatable {
    /// The station's id: ``OfflineSales/stationID(publicKey:)`` of its key.
    public var id: String
    /// Its name.
    public var name: String
    /// The account that enrolled it: only that account forwards its sales.
    public var account: String
    /// How old a forwarded sale may be, in hours.
    public var maxAgeHours: Double
    /// When it enrolled (or last renewed its enrolment).
    public var enrolledAt: Date
    /// When a bookkeeper revoked it: its kept sales are refused from then on.
    public var revokedAt: Date?

    /// Creates an enrolment.
    public init(id: String, name: String, account: String, maxAgeHours: Double, enrolledAt: Date, revokedAt: Date?) {
        self.id = id
        self.name = name
        self.account = account
        self.maxAgeHours = maxAgeHours
        self.enrolledAt = enrolledAt
        self.revokedAt = revokedAt
    }
}

/// `GET /v1/stations`: the district's enrolled stations (bookkeeper).
public struct StationList: Codable, Sendable {
    /// Oldest enrolment first.
    public var stations: [StationEnrollment]

    /// Creates the list.
    public init(stations: [StationEnrollment]) { self.stations = stations }
}
