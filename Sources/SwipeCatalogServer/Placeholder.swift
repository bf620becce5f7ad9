import GRDB
import Hummingbird
import HummingbirdTLS
