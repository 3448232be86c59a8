from django import forms

from openehcp.accounts.models import User
from openehcp.people.models import Child

from .kinds import AGE_GROUPS, KINDS, Window, WorkFilters


class WorkFilterForm(forms.Form):
    """The filters of "My work" (a GET form: every field optional)."""

    window = forms.ChoiceField(
        label="Show",
        choices=Window.CHOICES,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose what to show from the list"},
    )
    kind = forms.MultipleChoiceField(
        label="Step",
        choices=[(kind.key, kind.label) for kind in KINDS.values()],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose steps from the list"},
    )
    age = forms.MultipleChoiceField(
        label="Age",
        choices=[(group.key, group.label) for group in AGE_GROUPS.values()],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose ages from the list"},
    )

    def filters(self) -> WorkFilters:
        """The filters chosen; a field with an error counts as not chosen."""
        data = getattr(self, "cleaned_data", {})
        return WorkFilters(
            kinds=frozenset(data.get("kind") or ()),
            age_groups=frozenset(data.get("age") or ()),
            window=data.get("window") or Window.SOON,
        )


class CaseSearchForm(forms.Form):
    q = forms.CharField(
        label="Name, UPN, reference or setting",
        max_length=100,
        required=False,
        error_messages={"max_length": "Search for 100 characters or fewer"},
    )


class ReallocateForm(forms.Form):
    """Choose children on one caseload and the team member who takes them on."""

    children = forms.ModelMultipleChoiceField(
        queryset=Child.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select the children to reallocate",
            "invalid_choice": "A selected child is no longer on this caseload",
            "invalid_pk_value": "Select the children to reallocate",
        },
    )
    to_caseworker = forms.ModelChoiceField(
        label="Reallocate the selected children to",
        queryset=User.objects.none(),
        empty_label="Choose a caseworker",
        error_messages={
            "required": "Choose who takes on the selected children",
            "invalid_choice": "Choose a member of the team",
        },
    )

    def __init__(self, *args, children, caseworkers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["children"].queryset = children
        self.fields["to_caseworker"].queryset = caseworkers
        self.fields["to_caseworker"].label_from_instance = lambda user: (
            user.get_full_name() or user.username
        )
