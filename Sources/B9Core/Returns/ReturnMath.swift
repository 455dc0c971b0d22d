/// The arithmetic of returns: how much of a sold line's money a returned quantity takes back.
///
/// **R6 return share.** Returning `q` of a line sold as `Q` for amount `A`, when `r` was already
/// returned, takes back `round(A × (r + q) ÷ Q) − round(A × r ÷ Q)` with the shop's rounding rule.
/// The shares telescope: however a line is returned, in one go or in parts, the returns add up to
/// exactly `A` when all `Q` is back, and never more. `A` is applied separately to the line's net
/// amount and its VAT, so VAT per rate comes back exactly too.
public enum ReturnMath {
    /// The R6 share of `amount` for `returning` after `returnedBefore`, of `sold` (all thousandths).
    public static func share(
        of amount: Int64, sold: Int64, returnedBefore: Int64, returning: Int64, rounding: ArithmeticRounding
    ) throws(CoreError) -> Int64 {
        guard sold > 0, returnedBefore >= 0, returning > 0 else {
            throw CoreError(.invalidQuantity, "a returned quantity is more than zero")
        }
        let after = try ExactArithmetic.add(returnedBefore, returning)
        guard after <= sold else {
            throw CoreError(
                .returnExceedsSale,
                "only \(Quantity(thousandths: sold - returnedBefore)) of \(Quantity(thousandths: sold)) sold can still be returned"
            )
        }
        let upTo = try ExactArithmetic.mulDiv(amount, after, sold, rounding: .round(rounding))
        let before = try ExactArithmetic.mulDiv(amount, returnedBefore, sold, rounding: .round(rounding))
        return upTo - before
    }
}
