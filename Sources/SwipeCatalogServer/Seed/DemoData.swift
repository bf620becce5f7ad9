public import Foundation

/// The demo catalog: fixed names that scripts and the README use.
///
/// District `Demo District`; schools `Demo High` (fee 25 cents + 3%) and
/// `Demo Middle` (no fee); accounts `bookkeeper` / `demo-bookkeeper` and
/// `volunteer` / `demo-volunteer` for both schools; products that exercise every
/// rule: on sale, inactive (not yet and no longer), student ID required, not for
/// swipe sales, over-the-counter only with a JPEG image, variable price, and the
/// one-cent test product.
public enum DemoData {
    /// The demo seed, with sale windows around `now`.
    public static func seed(now: Date) -> SeedFile {
        let day: TimeInterval = 86_400
        typealias Product = SeedFile.ProductSeed
        func product(
            _ id: String, _ name: String, price: Int?, min: Int? = nil, max: Int? = nil, starts: Date? = nil,
            ends: Date? = nil, studentID: Bool = false, swipe: Bool = true, counterOnly: Bool = false,
            image: String? = nil
        ) -> Product {
            Product(
                id: id, name: name, priceCents: price, minimumCents: min, maximumCents: max, startsAt: starts,
                endsAt: ends,
                requiresStudentID: studentID, swipeAllowed: swipe, overTheCounterOnly: counterOnly, image: nil,
                imageBase64: image)
        }
        let high = SeedFile.SchoolSeed(
            id: "demo-high", name: "Demo High", feeFlatCents: 25, feeBasisPoints: 300,
            products: [
                product(
                    "high-game-ticket", "Football game ticket", price: 500, starts: now - 30 * day, ends: now + 60 * day
                ),
                product("high-tshirt", "Spirit T-shirt", price: 1_500, counterOnly: true, image: tshirtJPEG),
                product("high-donation", "Booster club donation", price: nil, min: 100, max: 50_000),
                product("high-test-cent", "Test charge (one cent)", price: 1),
                product("high-field-trip", "Science museum field trip", price: 2_000, studentID: true),
                product(
                    "high-prom", "Prom ticket (on sale next month)", price: 4_500, starts: now + 30 * day,
                    ends: now + 90 * day),
                product(
                    "high-homecoming", "Homecoming dance (over)", price: 1_000, starts: now - 90 * day,
                    ends: now - 30 * day),
                product("high-parking", "Parking pass (online store only)", price: 3_000, swipe: false),
            ])
        let middle = SeedFile.SchoolSeed(
            id: "demo-middle", name: "Demo Middle", feeFlatCents: nil, feeBasisPoints: nil,
            products: [
                product("middle-concert", "Winter concert ticket", price: 300),
                product("middle-yearbook", "Yearbook", price: 2_500),
                product("middle-test-cent", "Test charge (one cent)", price: 1),
            ])
        let accounts = [
            SeedFile.AccountSeed(
                username: "bookkeeper", password: "demo-bookkeeper", role: "bookkeeper",
                schools: ["demo-high", "demo-middle"]),
            SeedFile.AccountSeed(
                username: "volunteer", password: "demo-volunteer", role: "generic",
                schools: ["demo-high", "demo-middle"]),
        ]
        return SeedFile(districts: [
            SeedFile.DistrictSeed(
                id: "demo-district", name: "Demo District", schools: [high, middle], accounts: accounts)
        ])
    }

    /// A 16x16 JPEG for the T-shirt.
    static let tshirtJPEG =
        "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAA0JCgsKCA0LCgsODg0PEyAVExISEyccHhcgLikxMC4pLSwzOko+MzZGNywtQFdBRkxOUlNSMj5aYVpQYEpRUk//2wBDAQ4ODhMREyYVFSZPNS01T09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT0//wAARCAAQABADASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwBfDug/259o/wBK8jydv/LPdnOfcelHiLQf7D+z/wClef527/lntxjHufWjw7r39h/aP9F8/wA7b/y024xn2PrR4i17+3Ps/wDovkeTu/5abs5x7D0r2f33tv7vy7ffued+79n/AHj/2Q=="
}
