public import Hummingbird
public import SwipeCatalogAPI

// The API's answers are returned from handlers as they are and encoded by the
// context's `responseEncoder` (``CatalogResponseEncoder``).
extension DistrictList: ResponseGenerator, ResponseEncodable {}
extension LoginResponse: ResponseGenerator, ResponseEncodable {}
extension ProductList: ResponseGenerator, ResponseEncodable {}
extension CardKey: ResponseGenerator, ResponseEncodable {}
extension Receipt: ResponseGenerator, ResponseEncodable {}
extension VoidByKeyResponse: ResponseGenerator, ResponseEncodable {}
extension ChargeList: ResponseGenerator, ResponseEncodable {}
extension DailyReport: ResponseGenerator, ResponseEncodable {}
extension StationEnrollment: ResponseGenerator, ResponseEncodable {}
extension StationList: ResponseGenerator, ResponseEncodable {}
