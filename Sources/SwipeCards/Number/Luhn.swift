/// The Luhn (mod 10) check digit of ISO/IEC 7812.
public enum Luhn {
    /// Whether `digits` (ASCII '0'...'9') end in a correct check digit.
    public static func isValid(_ digits: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !digits.isEmpty else { return false }
        var sum = 0
        for (position, byte) in digits.reversed().enumerated() {
            guard byte >= 0x30, byte <= 0x39 else { return false }
            var digit = Int(byte - 0x30)
            if position % 2 == 1 {
                digit *= 2
                if digit > 9 { digit -= 9 }
            }
            sum += digit
        }
        return sum % 10 == 0
    }

    /// Whether the digits of `number` pass the check.
    public static func isValid(_ number: String) -> Bool {
        Array(number.utf8).withUnsafeBufferPointer { isValid($0) }
    }

    /// The check digit that completes `payload` (digits without the check digit).
    public static func checkDigit(for payload: [UInt8]) -> UInt8 {
        var sum = 0
        for (position, byte) in payload.reversed().enumerated() {
            var digit = Int(byte - 0x30)
            if position % 2 == 0 {
                digit *= 2
                if digit > 9 { digit -= 9 }
            }
            sum += digit
        }
        return UInt8((10 - sum % 10) % 10) + 0x30
    }
}
