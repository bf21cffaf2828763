"""The therapist both partners invite: the link and its consent life-cycle, what the therapist
sees (only what each partner shared with them), the dashboard, the session arc, the EFT stage
tracker and the therapist's private notes."""
