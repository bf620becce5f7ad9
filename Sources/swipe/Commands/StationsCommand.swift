import ArgumentParser
import Foundation
import SwipeCatalogAPI
import SwipeCatalogClient

/// `swipe stations`: the stations enrolled to keep sales offline, and revoking a lost one.
struct StationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stations",
        abstract: "List the stations that may keep sales offline, or revoke one (bookkeeper).",
        discussion: """
            A station that keeps sales while the school-payments server cannot be reached enrolls its own \
            signing key when it signs in. Revoke a lost or stolen station: the sales it kept, and any it \
            keeps later, are refused.
            """)

    @Option(help: "The station id to revoke (st_…, from the list).")
    var revoke: String?

    @Flag(help: "Print the API's JSON.")
    var json = false

    func run() async throws {
        let session = try SignedIn.session()
        let client = SignedIn.client(session)
        if let revoke {
            let station = try await client.revokeStation(revoke)
            if json { return try SignedIn.printJSON(station) }
            print("revoked \(station.id) (\(station.name)): the sales it kept will be refused")
            return
        }
        let list = try await client.stations()
        if json { return try SignedIn.printJSON(list) }
        print("\(list.stations.count) station(s)")
        for station in list.stations {
            let state = station.revokedAt.map { "revoked \(Eastern.time($0))" } ?? "enrolled"
            print(
                "  \(station.id)  \(station.name)  by \(station.account)  kept sales up to "
                    + "\(station.maxAgeHours.formatted()) h  \(state)")
        }
    }
}
