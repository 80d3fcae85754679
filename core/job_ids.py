"""Job ids named outside the scheduler (SPEC §7): chat's `/排名 11月` finds the month's 晾晒
among the pushes by the idempotency keys the 晾晒 job gives them."""

MONTHLY_RANKING = "monthly_ranking"
