"""What every stage shares: the model, the Vietnamese language, signing forms, errors
and the decree's rules on values. Nothing here imports another part of vanban.
"""
