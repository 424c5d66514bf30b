//! The signer a PDF signature field's certificate names.
//!
//! A `/Sig` field's `/Name` is optional and often missing: the signer is in the certificate
//! carried by `/Contents`, a DER PKCS#7/CMS `SignedData` (RFC 5652) padded with zeros to the
//! space reserved for it. The certificate's subject CN names the signer — on Vietnamese
//! e-office systems usually the office (`ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG`, the agency's
//! seal certificate), sometimes the person. Parsed with RustCrypto's `cms` and `x509-cert`,
//! never by hand; nothing is verified here (the record tells who signed, not whether the
//! signature still holds).

use cms::cert::CertificateChoices;
use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier};
use x509_cert::Certificate;
use x509_cert::der::asn1::ObjectIdentifier;
use x509_cert::der::{Decode, SliceReader, Tag, Tagged};
use x509_cert::name::Name;

/// id-at-commonName (X.520).
const COMMON_NAME: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.3");

/// The subject CN of the certificate that made the signature in `contents` (a signature
/// dictionary's `/Contents`). `None` when it is not a CMS `SignedData` or carries no
/// certificate with a CN.
pub fn signer_common_name(contents: &[u8]) -> Option<String> {
    // One DER value, then the zero padding of the reserved space.
    let mut reader = SliceReader::new(contents).ok()?;
    let info = ContentInfo::decode(&mut reader).ok()?;
    let signed: SignedData = info.content.decode_as().ok()?;
    let certs: Vec<&Certificate> = signed
        .certificates
        .as_ref()?
        .0
        .iter()
        .filter_map(|c| match c {
            CertificateChoices::Certificate(c) => Some(c),
            CertificateChoices::Other(_) => None,
        })
        .collect();
    // The signer's certificate as its SignerInfo names it; else the chain's leaf (the one
    // certificate that issued none of the others): the CA certificates travel with it.
    let named = signed.signer_infos.0.iter().find_map(|si| match &si.sid {
        SignerIdentifier::IssuerAndSerialNumber(id) => certs.iter().copied().find(|c| {
            c.tbs_certificate.serial_number == id.serial_number
                && c.tbs_certificate.issuer == id.issuer
        }),
        SignerIdentifier::SubjectKeyIdentifier(_) => None,
    });
    let leaf = || {
        certs.iter().copied().find(|c| {
            !certs.iter().any(|o| {
                !std::ptr::eq(*o, *c) && o.tbs_certificate.issuer == c.tbs_certificate.subject
            })
        })
    };
    let cert = named.or_else(leaf).or_else(|| certs.first().copied())?;
    common_name(&cert.tbs_certificate.subject)
}

/// The most specific (last) CN of `name`, NFC, trimmed.
fn common_name(name: &Name) -> Option<String> {
    name.0
        .iter()
        .flat_map(|rdn| rdn.0.iter())
        .filter(|atv| atv.oid == COMMON_NAME)
        .filter_map(|atv| {
            let bytes = atv.value.value();
            let text = match atv.value.tag() {
                Tag::Utf8String => String::from_utf8(bytes.to_vec()).ok()?,
                // Two bytes per character, big-endian (old CA software).
                Tag::BmpString => {
                    let units: Vec<u16> = bytes
                        .chunks_exact(2)
                        .map(|p| u16::from_be_bytes([p[0], p[1]]))
                        .collect();
                    String::from_utf16(&units).ok()?
                }
                Tag::PrintableString | Tag::Ia5String | Tag::TeletexString => {
                    bytes.iter().map(|&b| char::from(b)).collect()
                }
                _ => return None,
            };
            let text = crate::text::nfc(text.trim());
            (!text.is_empty()).then_some(text)
        })
        .next_back()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_cms_is_none() {
        assert_eq!(signer_common_name(b""), None);
        assert_eq!(signer_common_name(&[0u8; 64]), None);
        assert_eq!(signer_common_name(b"0\x03\x02\x01\x05"), None);
    }
}
