import Foundation
import SwipeCatalogAPI
import SwipeCatalogClient
import Testing

/// The login throttle counts accounts, not spellings, and attempts, not answers.
@Suite("Catalog: login throttle against a guesser")
struct CatalogLoginThrottleTests {
    func code(_ operation: () async throws -> LoginResponse) async -> APIErrorCode? {
        do {
            _ = try await operation()
            return nil
        } catch let error as CatalogClientError {
            return error.code
        } catch {
            return nil
        }
    }

    @Test("control characters in any text field are a 400, never a truncated name", arguments: CatalogBackend.all)
    func controlCharacters(_ backend: CatalogBackend) async throws {
        let catalog = try await TestCatalog.start(backend)
        for (district, user) in [
            ("Demo District", "volunteer\u{0}"), ("Demo\u{7} District", "volunteer"),
            ("Demo District", "volunteer\u{85}"),
        ] {
            let body = try APICoding.encoder().encode(LoginRequest(district: district, username: user, password: "x"))
            let answer = try await catalog.raw(.POST, "/v1/login", body: Array(body))
            #expect(answer.status == 400)
            #expect(String(decoding: answer.body, as: UTF8.self).contains("control characters"))
        }
        try await catalog.stop()
    }

    @Test("the district by id or by name and the username in any case are one account", arguments: CatalogBackend.all)
    func spellings(_ backend: CatalogBackend) async throws {
        let catalog = try await TestCatalog.start(backend)
        let client = catalog.client()
        for attempt in 0..<10 {
            let district = attempt % 2 == 0 ? "Demo District" : "demo-district"
            let user = attempt % 3 == 0 ? "VOLUNTEER" : "volunteer"
            #expect(
                await code { try await client.login(district: district, username: user, password: "guess") }
                    == .invalidCredentials)
        }
        #expect(
            await code {
                try await client.login(district: "demo-district", username: "Volunteer", password: "demo-volunteer")
            } == .tooManyAttempts)
        try await catalog.stop()
    }

    @Test(
        "20 guesses at once: at most 10 are tried, and the right password is still locked out",
        arguments: CatalogBackend.all)
    func parallel(_ backend: CatalogBackend) async throws {
        let catalog = try await TestCatalog.start(backend)
        let client = catalog.client()
        let codes = await withTaskGroup(of: APIErrorCode?.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    do {
                        _ = try await client.login(district: "Demo District", username: "volunteer", password: "guess")
                        return nil
                    } catch let error as CatalogClientError {
                        return error.code
                    } catch {
                        return nil
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(codes.filter { $0 == .invalidCredentials }.count <= 10)
        #expect(codes.allSatisfy { $0 == .invalidCredentials || $0 == .tooManyAttempts })
        #expect(
            await code {
                try await client.login(district: "Demo District", username: "volunteer", password: "demo-volunteer")
            } == .tooManyAttempts)
        let log = catalog.log.text
        #expect(log.contains("login failed; account now locked"))
        #expect(log.contains("login refused: account locked"))
        #expect(!log.contains("guess") && !log.contains("demo-volunteer"))
        try await catalog.stop()
    }
}
