package bbbapi

// TLS failures are reported by kind only: Go's messages name the certificate's host names (a
// hostname mismatch lists every name the certificate holds, other customers' domains included),
// its subject and its validity times, none of which the log needs.

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
)

// errTLS marks a failed TLS handshake; its messages say only what kind of failure it was.
var errTLS = errors.New("TLS")

// tlsError is a TLS failure reduced to its kind.
type tlsError struct{ kind string }

func (e *tlsError) Error() string { return "TLS: " + e.kind }

// Is lets errors.Is(err, errTLS) tell TLS failures.
func (e *tlsError) Is(target error) bool { return target == errTLS }

// tlsKind reduces a TLS failure to its kind; ok is false when err is not one.
func tlsKind(err error) (kind error, ok bool) {
	var (
		he x509.HostnameError
		ua x509.UnknownAuthorityError
		ci x509.CertificateInvalidError
		rh tls.RecordHeaderError
		ae tls.AlertError
		cv *tls.CertificateVerificationError
	)
	k := ""
	switch {
	case errors.As(err, &he):
		k = "the server's certificate is not valid for the host of the API URL"
	case errors.As(err, &ua):
		k = "the server's certificate is signed by an authority this host does not trust"
	case errors.As(err, &ci):
		k = "the server's certificate is invalid"
		if ci.Reason == x509.Expired {
			k = "the server's certificate has expired or is not valid yet"
		}
	case errors.As(err, &rh):
		k = "the server did not answer in TLS (plain HTTP on an https URL?)"
	case errors.As(err, &ae):
		k = "the server refused the handshake (alert: " + ae.Error() + ")"
	case errors.As(err, &cv):
		k = "the server's certificate could not be verified"
	default:
		return nil, false
	}
	return &tlsError{kind: k}, true
}
