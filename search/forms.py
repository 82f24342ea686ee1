from django import forms

from search.service import QueryRefused, clean_query


class SearchForm(forms.Form):
    q = forms.CharField(label="Search", required=False, strip=False)
    type = forms.CharField(required=False, max_length=100)
    competency = forms.CharField(required=False, max_length=100)
    community = forms.CharField(required=False, max_length=255)
    page = forms.IntegerField(required=False, min_value=1)
    # Set by the "Search instead for" link: search these words as typed, never a correction.
    exact = forms.BooleanField(required=False)

    def clean_q(self) -> str:
        try:
            return clean_query(self.cleaned_data.get("q"))
        except QueryRefused as refused:
            raise forms.ValidationError(str(refused), code="refused") from refused

    def filters(self) -> dict[str, str]:
        return {
            name: self.cleaned_data[name]
            for name in ("type", "competency", "community")
            if self.cleaned_data.get(name)
        }
