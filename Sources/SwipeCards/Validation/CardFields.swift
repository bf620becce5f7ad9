/// The fields of a financial card's track (ISO/IEC 7813).
public struct CardFields: Sendable {
    /// The card number.
    public var number: CardNumber
    /// Cardholder name, `SURNAME/GIVEN` (track 1 only).
    public var name: String?
    /// Expiry month, if the track has one.
    public var expiry: YearMonth?
    /// Three-digit service code, if present.
    public var serviceCode: String?
    /// Issuer's discretionary data (sensitive: may hold verification values).
    public var discretionary: SensitiveBytes

    /// Creates fields from their parts (a keyed card has a number and an expiry only).
    public init(
        number: CardNumber, name: String? = nil, expiry: YearMonth?, serviceCode: String? = nil,
        discretionary: SensitiveBytes = SensitiveBytes([])
    ) {
        self.number = number
        self.name = name
        self.expiry = expiry
        self.serviceCode = serviceCode
        self.discretionary = discretionary
    }

    /// Parses a track's characters, sentinels included. `nil` when the layout is not a
    /// financial card's (for instance a loyalty card or a driving licence).
    public static func parse(_ track: TrackData) -> CardFields? {
        track.characters.withBytes { bytes in
            guard bytes.count >= 4 else { return nil }
            let body = bytes.dropFirst().dropLast()  // between the sentinels
            switch track.format {
            case .aba: return parseTrack2(body)
            case .iata: return parseTrack1(body)
            }
        }
    }

    private static func parseTrack2(_ body: Slice<UnsafeBufferPointer<UInt8>>) -> CardFields? {
        guard let separator = body.firstIndex(of: UInt8(ascii: "=")) else { return nil }
        let number = Array(body[body.startIndex..<separator])
        return parseTail(number: number, tail: body[(separator + 1)...], name: nil)
    }

    private static func parseTrack1(_ body: Slice<UnsafeBufferPointer<UInt8>>) -> CardFields? {
        guard body.first == UInt8(ascii: "B") else { return nil }
        let afterCode = body.dropFirst()
        guard let first = afterCode.firstIndex(of: UInt8(ascii: "^")) else { return nil }
        let rest = afterCode[(first + 1)...]
        guard let second = rest.firstIndex(of: UInt8(ascii: "^")) else { return nil }
        let number = Array(afterCode[afterCode.startIndex..<first])
        let rawName = String(decoding: rest[rest.startIndex..<second], as: UTF8.self)
        let name = rawName.trimmingSpaces
        return parseTail(number: number, tail: rest[(second + 1)...], name: name.isEmpty ? nil : name)
    }

    /// Reads `YYMM`, the service code and the discretionary data after the separator.
    private static func parseTail(
        number: [UInt8], tail: Slice<UnsafeBufferPointer<UInt8>>, name: String?
    ) -> CardFields? {
        guard !number.isEmpty else { return nil }
        var cursor = tail.startIndex
        var expiry: YearMonth?
        var serviceCode: String?
        if tail.count >= 4 {
            expiry = YearMonth(stripe: String(decoding: tail[cursor..<(cursor + 4)], as: UTF8.self))
            cursor += 4
        } else if tail.first == UInt8(ascii: "=") || tail.first == UInt8(ascii: "^") {
            cursor += 1  // field omitted
        }
        if tail.endIndex - cursor >= 3 {
            serviceCode = String(decoding: tail[cursor..<(cursor + 3)], as: UTF8.self)
            cursor += 3
        }
        let discretionary = Array(tail[cursor..<tail.endIndex])
        return CardFields(
            number: CardNumber(digits: SensitiveBytes(number)), name: name, expiry: expiry,
            serviceCode: serviceCode, discretionary: SensitiveBytes(discretionary))
    }

    /// Overwrites the sensitive parts.
    public func wipe() {
        number.digits.wipe()
        discretionary.wipe()
    }
}

extension String {
    var trimmingSpaces: String {
        var scalars = Substring(self)
        while scalars.first == " " { scalars.removeFirst() }
        while scalars.last == " " { scalars.removeLast() }
        return String(scalars)
    }
}
