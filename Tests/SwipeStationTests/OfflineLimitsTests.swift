import Foundation
import Testing

@testable import SwipeStation

/// The offline limits as a pure check, and the station's signing key file.
@Suite("Offline limits and the station key")
struct OfflineLimitsTests {
    let limits: OfflineLimits = {
        var settings = StationConfiguration.Offline()
        settings.maxSaleCents = 1_000
        settings.maxTotalCents = 3_000
        settings.maxPerCard = 2
        return OfflineLimits(settings)
    }()

    @Test("a sale is kept within every limit; each limit refuses by name")
    func limitsByName() {
        #expect(limits.breach(totalCents: 1_000, waitingCents: 2_000, cardWaiting: 1) == nil)
        #expect(limits.breach(totalCents: 1_001, waitingCents: 0, cardWaiting: 0) == .sale(1_000))
        #expect(limits.breach(totalCents: 500, waitingCents: 2_600, cardWaiting: 0) == .total(3_000))
        #expect(limits.breach(totalCents: 500, waitingCents: 0, cardWaiting: 2) == .card(2))
        #expect(limits.breach(totalCents: nil, waitingCents: 0, cardWaiting: 0) == .unpriced)
    }

    @Test("the station key: made 0600 beside the journal, the same on the next start, refused when others can read it")
    func keyFile() throws {
        let scratch = try Scratch("station-key")
        defer { scratch.remove() }
        let first = try StationKey.load(directory: scratch.folder.path, environment: [:])
        let path = scratch.path(StationKey.fileName)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try StationKey.load(directory: scratch.folder.path, environment: [:]).id == first.id)
        #expect(first.id.hasPrefix("st_") && first.id.count == 19)
        chmod(path, 0o644)
        #expect(throws: StationKey.Failure.self) {
            _ = try StationKey.load(directory: scratch.folder.path, environment: [:])
        }
        // A systemd credential takes precedence.
        let credentials = scratch.path("credentials")
        try FileManager.default.createDirectory(atPath: credentials, withIntermediateDirectories: true)
        try first.privateKey.rawRepresentation.write(to: URL(fileURLWithPath: credentials + "/station-key"))
        let fromCredential = try StationKey.load(
            directory: scratch.path("elsewhere"), environment: ["CREDENTIALS_DIRECTORY": credentials])
        #expect(fromCredential.id == first.id)
    }
}
